package io.mmlens.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mmlens.core.KernelRelease;
import io.mmlens.core.kmsg.LineDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the per-line decoder the Elasticsearch processor and the Logstash line mode call, with
 * and without a kernel release override. Seeds: single lines of every kind from the fixtures.
 */
class LineDecoderFuzzTest {

  private static final KernelRelease OLD = KernelRelease.parse("2.6.32-431.el6.x86_64");
  private static final KernelRelease NEW = KernelRelease.parse("6.18.0");

  @FuzzTest(maxDuration = FuzzBudget.DURATION)
  void decode(byte[] input) {
    String line = new String(input, StandardCharsets.ISO_8859_1);
    LineDecoder d = new LineDecoder("fuzz");
    d.decode(line).fields();
    d.decode(line, OLD).ecs();
    d.decode(line, NEW).fields();
  }
}
