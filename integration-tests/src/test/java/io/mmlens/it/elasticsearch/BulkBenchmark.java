package io.mmlens.it.elasticsearch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * _bulk throughput into a real node: pipeline [kernel_mm] vs an empty pipeline, one doc per line.
 * Run from the repo root after {@code mvn -B -q -pl integration-tests -am verify}:
 * {@code java -cp integration-tests/target/test-classes io.mmlens.it.elasticsearch.BulkBenchmark [rounds] [period] [bulks]}
 *
 * <p>Besides docs/s it prints the node's CPU per 1,000 documents (utime + stime of the node's
 * process from /proc, over the same runs): on a shared 2-core box wall-clock throughput of one
 * client swings ±30 % between runs, the CPU the node spends per document far less.
 */
public final class BulkBenchmark {
  private BulkBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    // one kernel-report line every `period` lines; 0 = none (isolates the pass-through path)
    int period = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path repo = Path.of("").toAbsolutePath();
    List<String> kernel = new ArrayList<>();
    try (var s = Files.list(repo.resolve("core/src/test/resources/reports"))) {
      for (Path d : (Iterable<Path>) s.sorted()::iterator) {
        Path log = d.resolve("input.log");
        if (Files.exists(log)) {
          kernel.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
        }
      }
    }
    // realistic mix: a host log is mostly not kernel-memory lines; 1 report line per 9 others
    String[] other = {
        "Nov 12 15:15:41 web01 sshd[2231]: Accepted publickey for deploy from 10.0.0.7 port 51514 ssh2",
        "Nov 12 15:15:42 web01 systemd[1]: Started Session 4127 of user deploy.",
        "Nov 12 15:15:42 web01 CRON[9912]: (root) CMD (/usr/lib/sysstat/sa1 1 1)",
        "Nov 12 15:15:43 web01 kernel: e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
        "Nov 12 15:15:44 web01 nginx[1200]: 10.0.0.9 - - \"GET /healthz HTTP/1.1\" 200 2",
        "Nov 12 15:15:45 web01 kernel: EXT4-fs (sda1): mounted filesystem with ordered data mode",
        "Nov 12 15:15:46 web01 dockerd[811]: time=\"2026-11-12T15:15:46Z\" level=info msg=\"ignoring event\"",
        "Nov 12 15:15:47 web01 postfix/qmgr[1500]: 4F1C2A: removed",
        "Nov 12 15:15:48 web01 kernel: TCP: request_sock_TCP: Possible SYN flooding on port 443."};
    // bulks of 2,000 documents per measured run (default 10: ~0.4 s; more steadies the ratio)
    int bulksPerRun = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int perBulk = 2000;
    List<String> bodies = new ArrayList<>();
    int k = 0;
    int o = 0;
    for (int b = 0; b < 10; b++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < perBulk; i++) {
        String line = period > 0 && i % period == 0 ? kernel.get(k++ % kernel.size()) : other[o++ % other.length];
        sb.append("{\"index\":{}}\n{\"message\":").append(KernelMmElasticsearchTest.json(line)).append("}\n");
      }
      bodies.add(sb.toString());
    }
    Path zip = repo.resolve("elasticsearch-ingest/target/mmlens-ingest-8.19.21.zip");
    try (EsNode node = new EsNode(repo.resolve("integration-tests/target/es-dist"), zip)) {
      node.start();
      Path stat = Path.of("/proc", node.pid(), "stat");
      // the shipped templates, as the README has users install them: both measured indices match
      // kernel-mm-*, so the empty pipeline's index has the same mapping
      String res = "elasticsearch-ingest/src/main/resources/elasticsearch/";
      node.ok("PUT", "/_component_template/mmlens-kernel-mm", Files.readString(repo.resolve(res + "component-template.json")));
      node.ok("PUT", "/_index_template/mmlens-kernel-mm", Files.readString(repo.resolve(res + "index-template.json")));
      node.ok("PUT", "/_ingest/pipeline/empty", "{\"processors\":[]}");
      node.ok("PUT", "/_ingest/pipeline/kernel-mm", "{\"processors\":[{\"kernel_mm\":{\"ignore_failure\":true}}]}");
      // Same pipeline into an index that keeps linux.* in _source only: splits the decoder's cost
      // from the cost of indexing the decoded fields (points, doc values, nested zone docs).
      node.ok("PUT", "/bench-unindexed", "{\"mappings\":{\"properties\":{\"linux\":{\"type\":\"object\",\"enabled\":false}}}}");
      // Warm-up: every bulk once per path (JIT, index creation, and every dynamic mapping update:
      // a field first seen inside a measured round costs a cluster-state update, not ingest work).
      run(node, "empty", "kernel-mm-bench-empty", bodies, bodies.size());
      run(node, "kernel-mm", "kernel-mm-bench", bodies, bodies.size());
      run(node, "kernel-mm", "bench-unindexed", bodies, bodies.size());
      long[] cpu = new long[3]; // node CPU ticks (10 ms) per path over the measured runs
      double empty = 0;
      double mm = 0;
      double unindexed = 0;
      double[] ratios = new double[rounds];
      double[] ratiosUnindexed = new double[rounds];
      for (int r = 0; r < rounds; r++) { // interleaved so drift hits all equally
        long t0 = ticks(stat);
        double e = run(node, "empty", "kernel-mm-bench-empty", bodies, bulksPerRun);
        long t1 = ticks(stat);
        double m = run(node, "kernel-mm", "kernel-mm-bench", bodies, bulksPerRun);
        long t2 = ticks(stat);
        double u = run(node, "kernel-mm", "bench-unindexed", bodies, bulksPerRun);
        cpu[0] += t1 - t0;
        cpu[1] += t2 - t1;
        cpu[2] += ticks(stat) - t2;
        empty += e;
        mm += m;
        unindexed += u;
        ratios[r] = m / e; // per round: other users' load moves all three of a round together
        ratiosUnindexed[r] = u / e;
      }
      empty /= rounds;
      mm /= rounds;
      unindexed /= rounds;
      System.out.printf("docs per bulk %d, bulks per round %d, rounds %d, kernel line every %d%n",
          perBulk, bulksPerRun, rounds, period);
      System.out.printf("empty pipeline     %,.0f docs/s%n", empty);
      System.out.printf("kernel_mm pipeline %,.0f docs/s%n", mm);
      System.out.printf("ratio %.3f%n", mm / empty);
      System.out.printf("kernel_mm, linux.* not indexed %,.0f docs/s (ratio %.3f)%n", unindexed, unindexed / empty);
      System.out.printf("median per-round ratio %.3f (not indexed %.3f)%n", median(ratios), median(ratiosUnindexed));
      double docs = (double) rounds * bulksPerRun * perBulk / 1000;
      System.out.printf("node CPU per 1,000 docs: empty %.1f ms, kernel_mm %.1f ms, not indexed %.1f ms;"
          + " empty/kernel_mm %.3f%n", cpu[0] * 10 / docs, cpu[1] * 10 / docs, cpu[2] * 10 / docs,
          (double) cpu[0] / cpu[1]);
    }
  }

  /** utime + stime of a /proc/<pid>/stat line, counted after the comm's closing parenthesis. */
  private static long ticks(Path stat) throws java.io.IOException {
    String s = Files.readString(stat);
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    java.util.Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }

  private static double run(EsNode node, String pipeline, String index, List<String> bodies, int n)
      throws Exception {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String r = node.ok("POST", "/" + index + "/_bulk?pipeline=" + pipeline, bodies.get(i % bodies.size()));
      if (r.contains("\"errors\":true")) {
        throw new IllegalStateException("bulk errors: " + r.substring(0, Math.min(2000, r.length())));
      }
    }
    long docs = (long) n * 2000;
    return docs / ((System.nanoTime() - t0) / 1e9);
  }
}
