package io.mmlens.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mmlens.core.kmsg.KernelLogDecoder;
import io.mmlens.core.kmsg.KernelReport;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes what `mmlens analyze`, the agent and report mode run: text → normalizer → streaming
 * assembler → report parser → gfp decoding and diagnosis → JSON tree. Seeds: the real report
 * fixtures (StreamingDecoderFuzzTestInputs). Any exception is a finding.
 */
class StreamingDecoderFuzzTest {

  @FuzzTest(maxDuration = FuzzBudget.DURATION)
  void decode(byte[] input) throws Exception {
    // Latin-1 keeps every byte as one char, so the seeds' text reaches the decoder unchanged;
    // the UTF-8 view adds multi-byte and replacement characters.
    String latin1 = new String(input, StandardCharsets.ISO_8859_1);
    List<KernelReport> out = new ArrayList<>();
    KernelLogDecoder lines = new KernelLogDecoder("fuzz", out::add);
    for (String line : latin1.split("\n", -1)) {
      lines.accept(line);
    }
    lines.expireIdle(Long.MAX_VALUE);
    lines.flush();
    KernelLogDecoder reader = new KernelLogDecoder("fuzz", out::add);
    reader.assembler().acceptReader(new StringReader(new String(input, StandardCharsets.UTF_8)));
    reader.flush();
    for (KernelReport r : out) {
      r.toMap();
    }
  }
}
