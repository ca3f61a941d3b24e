package io.mmlens.benchmarks;

import io.mmlens.core.kmsg.RawReport;
import io.mmlens.core.kmsg.ReportAssembler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.elasticsearch.grok.Grok;
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
 * Kernel-log throughput on a realistic log (see {@link KernelLogCorpus}): (a) mmlens report
 * assembly, (b) the grok an ES/Logstash user writes for the same fields, (c) bare line splitting.
 * One operation = the whole log; MB/s = ops/s x the size printed at setup.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KernelLogBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class KernelLogBenchmark {

  /** Log size in MiB. */
  @Param({"8"})
  public int mib;

  /** Unrelated lines between two inserted seed reports. */
  @Param({"5000"})
  public int linesBetweenReports;

  /**
   * {@code utf16}: the seeds as they are (seed 003 has CJK text, so the whole String is UTF-16);
   * {@code latin1}: those characters replaced, as most per-line Strings in ES/Logstash are.
   */
  @Param({"utf16", "latin1"})
  public String text;

  private String log;
  private Grok grok;

  @Setup(Level.Trial)
  public void setup() {
    KernelLogCorpus c =
        KernelLogCorpus.build(mib << 20, linesBetweenReports, 42, "latin1".equals(text));
    log = c.text;
    grok = GrokBaseline.create();
    // Sanity: each path does the job it is measured for, on this very input.
    List<RawReport> reports = ReportAssembler.assemble("bench", log);
    if (reports.size() != c.expectedReports) {
      throw new IllegalStateException("assembler found " + reports.size() + " reports, expected "
          + c.expectedReports);
    }
    int grokMatches = grokBaseline(null);
    System.out.printf("%ncorpus: %d bytes (%.2f MiB), %d lines, %d seed fixtures inserted, "
            + "%d reports assembled, %d lines matched by grok%n",
        log.length(), log.length() / 1048576.0, countLines(), c.fixturesInserted, reports.size(),
        grokMatches);
  }

  private int countLines() {
    int n = 0;
    for (int i = log.indexOf('\n'); i >= 0; i = log.indexOf('\n', i + 1)) {
      n++;
    }
    return n;
  }

  /** (a) mmlens: normalize, classify and group every line into reports. */
  @Benchmark
  public int assembler() {
    int[] count = new int[1];
    ReportAssembler a = new ReportAssembler("bench", r -> count[0] += r.lines().size());
    a.acceptText(log);
    a.finish();
    return count[0];
  }

  /** (b) grok over every line, as an ingest pipeline or Logstash filter runs it. */
  @Benchmark
  public int grokBaseline(Blackhole bh) {
    String t = log;
    int matched = 0;
    int start = 0;
    int len = t.length();
    while (start < len) {
      int nl = t.indexOf('\n', start);
      int end = nl < 0 ? len : nl;
      Map<String, Object> fields = grok.captures(t.substring(start, end));
      if (fields != null) {
        matched++;
        if (bh != null) {
          bh.consume(fields);
        }
      }
      start = end + 1;
    }
    return matched;
  }

  /** (c) the floor: split into line strings and nothing else. */
  @Benchmark
  public void lineSplit(Blackhole bh) {
    String t = log;
    int start = 0;
    int len = t.length();
    while (start < len) {
      int nl = t.indexOf('\n', start);
      int end = nl < 0 ? len : nl;
      bh.consume(t.substring(start, end));
      start = end + 1;
    }
  }

  /** Lines of every report, for a quick look: {@code java -cp benchmarks.jar ...KernelLogBenchmark}. */
  public static void main(String[] args) {
    KernelLogBenchmark b = new KernelLogBenchmark();
    b.mib = 8;
    b.linesBetweenReports = 5000;
    b.text = "utf16";
    b.setup();
    List<Long> ms = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      b.assembler();
      ms.add((System.nanoTime() - t0) / 1_000_000);
    }
    System.out.println("assembler ms per pass: " + ms);
  }
}
