package io.mmlens.elasticsearch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mmlens.core.fuzz.FuzzBudget;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.elasticsearch.index.VersionType;
import org.elasticsearch.ingest.IngestDocument;

/**
 * Fuzzes the processor through its public entry point, {@code execute(IngestDocument)}: one line or
 * many, with and without kernel_release_field. The only exception allowed is the documented
 * processor error (IllegalArgumentException naming the field), which the pipeline's on_failure /
 * ignore_failure handles; anything else is a finding.
 */
class KernelMmProcessorFuzzTest {

  private static final KernelMmProcessor PLAIN =
      new KernelMmProcessor("f", null, "message", "linux.mm", null, null, false);
  private static final KernelMmProcessor BY_FIELD =
      new KernelMmProcessor("f", null, "message", "linux.mm", null, "host.os.kernel", true);

  @FuzzTest(maxDuration = FuzzBudget.DURATION)
  void execute(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    int cut = text.indexOf('\u0000');
    String message = cut < 0 ? text : text.substring(cut + 1);
    String release = cut < 0 ? null : text.substring(0, cut);
    for (KernelMmProcessor p : new KernelMmProcessor[] {PLAIN, BY_FIELD}) {
      Map<String, Object> src = new HashMap<>();
      src.put("message", message);
      if (release != null) {
        src.put("host", new HashMap<>(Map.of("os", new HashMap<>(Map.of("kernel", release)))));
      }
      IngestDocument doc = new IngestDocument("idx", "1", 1, null, VersionType.INTERNAL, src);
      try {
        p.execute(doc);
      } catch (IllegalArgumentException expected) {
        // the documented failure: malformed memory line, bad release value, over-long value
        if (expected.getMessage() == null || !expected.getMessage().startsWith("field [")) {
          throw expected;
        }
      }
    }
  }
}
