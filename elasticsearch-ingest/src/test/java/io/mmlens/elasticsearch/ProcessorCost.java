package io.mmlens.elasticsearch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.elasticsearch.index.VersionType;
import org.elasticsearch.ingest.IngestDocument;

/**
 * The processor's own CPU per document, without a node: the share of the {@code _bulk} budget that
 * is ours, which the noisy real-node ratio (BulkBenchmark) cannot resolve on a shared box. Not a
 * unit test. Run from the repo root after {@code mvn -B -q -pl elasticsearch-ingest -am verify}:
 * {@code java -cp elasticsearch-ingest/target/test-classes:elasticsearch-ingest/target/classes:core/target/classes:<es jars>
 * io.mmlens.elasticsearch.ProcessorCost [period=10]} (the BulkBenchmark mix: one seed-report line in
 * {@code period}, the others ordinary syslog lines; 0 = none).
 */
public final class ProcessorCost {
  private ProcessorCost() {}

  public static void main(String[] args) throws Exception {
    int period = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<String> seed = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("core/src/test/resources/reports"))) {
      for (Path d : (Iterable<Path>) s.sorted()::iterator) {
        Path log = d.resolve("input.log");
        if (Files.exists(log)) {
          seed.addAll(Arrays.asList(Files.readString(log, StandardCharsets.UTF_8).split("\n")));
        }
      }
    }
    String[] other = {
        "Nov 12 15:15:41 web01 sshd[2231]: Accepted publickey for deploy from 10.0.0.7 port 51514 ssh2",
        "Nov 12 15:15:42 web01 systemd[1]: Started Session 4127 of user deploy.",
        "Nov 12 15:15:43 web01 kernel: e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
        "Nov 12 15:15:45 web01 kernel: EXT4-fs (sda1): mounted filesystem with ordered data mode",
        "Nov 12 15:15:47 web01 postfix/qmgr[1500]: 4F1C2A: removed"};
    KernelMmProcessor p = new KernelMmProcessor("t", null, "message", "linux.mm", null, null, false);
    int k = 0;
    int n = 200_000;
    for (int round = 0; round < 40; round++) {
      long ns = 0;
      for (int i = 0; i < n; i++) {
        String line = period > 0 && i % period == 0 ? seed.get(k++ % seed.size()) : other[i % other.length];
        Map<String, Object> src = new HashMap<>();
        src.put("message", line);
        IngestDocument d = new IngestDocument("idx", "1", 1, null, VersionType.INTERNAL, src);
        long t = System.nanoTime();
        p.execute(d);
        ns += System.nanoTime() - t;
      }
      if (round >= 30) { // after 6 M documents of warm-up
        System.out.printf("period %d round %d: %.3f us per document%n", period, round, ns / 1e3 / n);
      }
    }
  }
}
