package io.mmlens.logstash;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mmlens.core.fuzz.FuzzBudget;
import co.elastic.logstash.api.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the filter through its public entry points ({@code filter}, {@code flush}) in line and
 * report mode: never an exception, and no event lost or duplicated (line mode returns exactly
 * the events it got; report mode with report_lines keep returns them all plus the reports).
 */
class KernelMmFuzzTest {

  private static final long[] NOW = {0};

  @FuzzTest(maxDuration = FuzzBudget.DURATION)
  void filter(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    KernelMm line = new KernelMm("f", TestPlugins.config(Map.of()), TestPlugins.context());
    KernelMm report = new KernelMm("f", TestPlugins.config(Map.of("mode", "report", "max_report_lines", 50L)),
        TestPlugins.context(), () -> NOW[0]);
    List<Event> lines = new ArrayList<>();
    List<Event> forReport = new ArrayList<>();
    int n = 0;
    for (String l : text.split("\n", -1)) {
      Event a = TestEvent.of(l);
      Event b = TestEvent.of(l);
      b.setField("[host][name]", "h" + (n++ % 3)); // interleaved hosts
      lines.add(a);
      forReport.add(b);
    }
    Collection<Event> out = line.filter(new ArrayList<>(lines), e -> { });
    if (out.size() != lines.size()) {
      throw new IllegalStateException("line mode returned " + out.size() + " of " + lines.size());
    }
    Collection<Event> stitched = report.filter(new ArrayList<>(forReport), e -> { });
    int originals = 0;
    for (Event e : stitched) {
      originals += forReport.contains(e) ? 1 : 0;
    }
    if (originals != forReport.size()) {
      throw new IllegalStateException("report mode returned " + originals + " of " + forReport.size());
    }
    NOW[0] += 3_600_000; // past report_timeout: flush emits whatever is open
    report.flush(e -> { });
  }
}
