package io.mmlens.benchmarks;

import io.mmlens.core.kmsg.KernelLogDecoder;
import io.mmlens.core.kmsg.KernelReport;
import io.mmlens.core.kmsg.LineDecoder;
import io.mmlens.core.kmsg.RawReport;
import io.mmlens.core.kmsg.ReportAssembler;
import io.mmlens.core.kmsg.ReportParser;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Full decoding on the {@link KernelLogCorpus} log: (a) {@link KernelLogDecoder} (assembly + report
 * parsing), (b) the report parser alone on the pre-assembled reports, (c) {@link LineDecoder} on
 * every line (the per-line ES/Logstash path). One operation = the whole log.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KernelReportDecodeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class KernelReportDecodeBenchmark {

  @Param({"8"})
  public int mib;

  @Param({"latin1"})
  public String text;

  private String log;
  private List<RawReport> raws;
  private int expected;

  @Setup(Level.Trial)
  public void setup() {
    KernelLogCorpus c = KernelLogCorpus.build(mib << 20, 5000, 42, "latin1".equals(text));
    log = c.text;
    expected = c.expectedReports;
    raws = ReportAssembler.assemble("bench", log);
    List<KernelReport> reports = KernelLogDecoder.decodeText(log);
    if (reports.size() != expected) {
      throw new IllegalStateException("decoded " + reports.size() + " reports, expected " + expected);
    }
    System.out.printf("%ncorpus: %d chars (%.2f MiB), %d reports decoded%n",
        log.length(), log.length() / 1048576.0, reports.size());
  }

  /** (a) assembler + parser: what `mmlens analyze` and the agent run. */
  @Benchmark
  public void decoder(Blackhole bh) {
    KernelLogDecoder d = new KernelLogDecoder("bench", bh::consume);
    d.assembler().acceptText(log);
    d.flush();
  }

  /** (b) the parser's share: decode the already assembled reports. */
  @Benchmark
  public void parserOnly(Blackhole bh) {
    ReportParser p = new ReportParser("bench");
    for (RawReport r : raws) {
      bh.consume(p.parse(r));
    }
  }

  /** (c) per-line decoding of every line, as an ingest processor sees the log. */
  @Benchmark
  public int lineDecoder(Blackhole bh) {
    LineDecoder dec = new LineDecoder("bench");
    String t = log;
    int start = 0;
    int len = t.length();
    int memory = 0;
    while (start < len) {
      int nl = t.indexOf('\n', start);
      int end = nl < 0 ? len : nl;
      LineDecoder.Result r = dec.decode(t.substring(start, end));
      if (r.memoryRelated()) {
        memory++;
        bh.consume(r);
      }
      start = end + 1;
    }
    return memory;
  }
}
