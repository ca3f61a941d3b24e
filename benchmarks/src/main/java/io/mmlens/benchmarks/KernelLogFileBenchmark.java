package io.mmlens.benchmarks;

import io.mmlens.core.kmsg.KernelLogDecoder;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * The log as a file holds it — UTF-8 bytes — through the path `mmlens analyze` runs: lines read
 * with a {@link BufferedReader} and (a) fed to {@link KernelLogDecoder} (assembly, parsing, gfp and
 * diagnosis), (b) matched by the grok baseline, (c) only read (bare line splitting). One operation
 * = the whole log; MB/s = ops/s × the byte size printed at setup. The in-memory String variants
 * are {@link KernelLogBenchmark} and {@link KernelReportDecodeBenchmark}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KernelLogFileBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class KernelLogFileBenchmark {

  @Param({"8"})
  public int mib;

  private byte[] log;
  private int expected;
  private Grok grok;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    // The seeds as captured (seed 003 carries CJK text): each line String is Latin-1 or UTF-16
    // on its own, as when a real file is read.
    KernelLogCorpus c = KernelLogCorpus.build(mib << 20, 5000, 42, false);
    log = c.text.getBytes(StandardCharsets.UTF_8);
    expected = c.expectedReports;
    grok = GrokBaseline.create();
    int reports = decoder(null);
    if (reports != expected) {
      throw new IllegalStateException("decoded " + reports + " reports, expected " + expected);
    }
    System.out.printf("%ncorpus: %d bytes (%.2f MiB) of UTF-8, %d lines, %d reports decoded, "
            + "%d lines matched by grok%n",
        log.length, log.length / 1048576.0, lineSplit(null), reports, grokBaseline(null));
  }

  private BufferedReader reader() {
    return new BufferedReader(
        new InputStreamReader(new ByteArrayInputStream(log), StandardCharsets.UTF_8), 1 << 16);
  }

  /** (a) every line into the streaming decoder; reports come out analysed. */
  @Benchmark
  public int decoder(Blackhole bh) throws IOException {
    List<Object> out = bh == null ? new ArrayList<>() : null;
    int[] n = {0};
    KernelLogDecoder d = new KernelLogDecoder("bench", r -> {
      n[0]++;
      if (bh != null) {
        bh.consume(r);
      } else {
        out.add(r);
      }
    });
    try (BufferedReader in = reader()) {
      for (String line; (line = in.readLine()) != null; ) {
        d.accept(line);
      }
    }
    d.flush();
    return n[0];
  }

  /** (b) grok on every line, as an ingest pipeline or Logstash filter runs it. */
  @Benchmark
  public int grokBaseline(Blackhole bh) throws IOException {
    int matched = 0;
    try (BufferedReader in = reader()) {
      for (String line; (line = in.readLine()) != null; ) {
        Map<String, Object> fields = grok.captures(line);
        if (fields != null) {
          matched++;
          if (bh != null) {
            bh.consume(fields);
          }
        }
      }
    }
    return matched;
  }

  /** (c) the floor: read the lines and nothing else. */
  @Benchmark
  public int lineSplit(Blackhole bh) throws IOException {
    int lines = 0;
    try (BufferedReader in = reader()) {
      for (String line; (line = in.readLine()) != null; ) {
        lines++;
        if (bh != null) {
          bh.consume(line);
        }
      }
    }
    return lines;
  }
}
