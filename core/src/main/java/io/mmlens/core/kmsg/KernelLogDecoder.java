package io.mmlens.core.kmsg;

import io.mmlens.core.KernelRelease;
import io.mmlens.core.diagnosis.GfpDiagAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Facade: kernel log lines in, decoded {@link KernelReport}s out. Wraps the streaming
 * {@link ReportAssembler} and the {@link ReportParser}. Not thread-safe (like the assembler).
 */
public final class KernelLogDecoder {

  private final ReportAssembler assembler;

  /**
   * @param source input name used in problems (file name, "stdin", "/dev/kmsg")
   * @param out receives each report when it ends (or is cut short: then {@code incomplete})
   */
  public KernelLogDecoder(String source, Consumer<KernelReport> out) {
    this(source, null, out);
  }

  /**
   * As {@link #KernelLogDecoder(String, Consumer)}; every report carries the gfp/diagnosis
   * analysis, decoding gfp masks with {@code kernelOverride} when non-null ({@code --kernel}).
   */
  public KernelLogDecoder(String source, KernelRelease kernelOverride, Consumer<KernelReport> out) {
    ReportParser parser = new ReportParser(source);
    this.assembler = new ReportAssembler(source,
        raw -> out.accept(GfpDiagAnalysis.attach(parser.parse(raw), kernelOverride)));
  }

  /** The underlying assembler, to tune its bounds (max lines, idle time, hosts). */
  public ReportAssembler assembler() {
    return assembler;
  }

  /** One physical log line (any supported prefix); unrelated lines cost almost nothing. */
  public void accept(String line) {
    assembler.accept(line);
  }

  /** End of input: emits every open report (incomplete when it had not reached its end). */
  public void flush() {
    assembler.finish();
  }

  /** Emits reports whose host was silent for the idle time; call periodically when following. */
  public void expireIdle(long nowMillis) {
    assembler.expireIdle(nowMillis);
  }

  /** Decodes a whole text (gzip and files are the caller's business). */
  public static List<KernelReport> decodeText(CharSequence text) {
    return decodeText("input", text);
  }

  /** As {@link #decodeText(CharSequence)} with the input's name for problems. */
  public static List<KernelReport> decodeText(String source, CharSequence text) {
    return decodeText(source, null, text);
  }

  /**
   * As {@link #decodeText(String, CharSequence)}, decoding gfp masks with {@code kernelOverride}
   * when non-null (the adapters' {@code kernel_release} option).
   */
  public static List<KernelReport> decodeText(
      String source, KernelRelease kernelOverride, CharSequence text) {
    List<KernelReport> out = new ArrayList<>();
    KernelLogDecoder d = new KernelLogDecoder(source, kernelOverride, out::add);
    d.assembler.acceptText(text);
    d.flush();
    return out;
  }
}
