package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A dead or silent OTLP endpoint never holds a CPU-bound host up: {@link CpuWorkApp}'s own timing
 * of its work (JVM start and exit excluded) stays within 5 % of the time without the agent, its
 * heap stays bounded, and the failing endpoint is reported once.
 *
 * <p>The app idles {@value #IDLE_MS} ms before its work, as a service does between its start and
 * its load, so the work meets the agent exporting (and failing) every 500 ms, not the agent's own
 * one-off start (≈0.8 s of CPU on a background thread plus JIT, budgeted and measured by
 * AgentOverhead; docs/benchmarks.md gives its cost to a job that computes from its first
 * millisecond).
 */
class AgentUnreachableEndpointTest {

  /** Pairs of runs (one with, one without the agent, adjacent in time) measured first. */
  private static final int PAIRS = 7;
  /** Pairs measured at most, when the first ones leave the verdict above the bound. */
  private static final int MAX_PAIRS = 21;
  /** The bound: work with the agent may take at most this much longer than without. */
  private static final double MAX_RATIO = 1.05;
  /** Work per run, calibrated per JVM (Temurin 25 hashes ~3× faster than JDK 17). */
  private static final long TARGET_MS = 2000;
  /** Idle time before the work: the agent's start thread has finished by then. */
  private static final long IDLE_MS = 1500;
  private static final int CALIBRATION_ROUNDS = 40;
  /** Small enough that a leak per failed export would end the app with OutOfMemoryError. */
  private static final String HEAP = "-Xmx64m";
  private static final Pattern RESULT = Pattern.compile("work-ms (\\d+) heap-after-gc (\\d+)");

  @Test
  void closedPortDoesNotSlowTheHost() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again before the child starts
    }
    assertHostUnaffected("closed port", "http://127.0.0.1:" + port);
  }

  @Test
  void portThatAcceptsButNeverAnswersDoesNotSlowTheHost() throws Exception {
    // the backlog takes the connections; nobody ever reads or answers them
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertHostUnaffected("silent port", "http://127.0.0.1:" + silent.getLocalPort());
    }
  }

  private static void assertHostUnaffected(String what, String endpoint) throws Exception {
    // also warms the page cache and CDS archive for both
    long[] cal = run(null, CALIBRATION_ROUNDS);
    int rounds = (int) Math.max(CALIBRATION_ROUNDS, CALIBRATION_ROUNDS * TARGET_MS / Math.max(1, cal[0]));
    List<Long> plain = new ArrayList<>();
    List<Long> agent = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    long heapPlain = 0;
    long heapAgent = 0;
    int reported = 0;
    // The verdict is the median of the per-pair ratios. Both runs of a pair share the box's state
    // of that moment (other processes, clock speed), which a ratio cancels; single runs on this
    // 2-core box swing ±8 % and now and then one lands 13 % below the rest (CI: plain 1839 ms
    // among 2111-2240), which decided a best-of-each-side verdict alone and made it flaky; the
    // median ignores such a run on either side. When the first pairs leave the median above the
    // bound, more pairs are measured (up to MAX_PAIRS) and the median is taken over all of them:
    // a real cost above 5 % is in every pair and keeps the median above the bound, noise is not.
    while (ratios.size() < PAIRS
        || (ratios.size() < MAX_PAIRS && medianRatio(ratios) > MAX_RATIO)) {
      boolean agentFirst = ratios.size() % 2 == 1;
      long[] a = agentFirst ? run(endpoint, rounds) : null;
      long[] p = run(null, rounds);
      if (!agentFirst) {
        a = run(endpoint, rounds);
      }
      reported += a[2];
      plain.add(p[0]);
      agent.add(a[0]);
      ratios.add((double) a[0] / Math.max(1, p[0]));
      heapPlain = Math.max(heapPlain, p[1]);
      heapAgent = Math.max(heapAgent, a[1]);
    }
    double ratio = medianRatio(ratios);
    String detail = String.format(Locale.ROOT,
        "work ms with agent %s vs without %s: median ratio %.3f over %d pairs (medians %d vs %d);"
            + " heap after GC %d vs %d bytes",
        agent, plain, ratio, ratios.size(), median(agent), median(plain), heapAgent, heapPlain);
    System.out.println(what + " " + endpoint + " (" + rounds + " rounds): " + detail);
    assertTrue(ratio <= MAX_RATIO, detail);
    // a silent endpoint fails an export only at its timeout, which a short run may not reach
    assertTrue(reported >= 1, "the failing endpoint was never reported: " + detail);
    // bounded: the agent's retained heap (budget 4 MB) plus at most one export in flight, whose
    // request a silent endpoint holds until the timeout (seen: +3.4 MB, once +5.3 MB)
    assertTrue(heapAgent - heapPlain <= 8 << 20, detail);
  }

  /**
   * {work ms, heap used after GC, times the failing endpoint was reported} of one CpuWorkApp run,
   * with the agent when endpoint != null.
   */
  private static long[] run(String endpoint, int rounds) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path").split(File.pathSeparator)[0];
    List<String> cmd = new ArrayList<>(List.of(java, HEAP));
    if (endpoint != null) {
      cmd.addAll(List.of("-javaagent:" + AgentOtlpHttpTest.AGENT,
          "-Dotel.exporter.otlp.endpoint=" + endpoint, "-Dotel.exporter.otlp.timeout=1000",
          // several failed exports during the work, each one against the dead endpoint
          "-Dotel.metric.export.interval=500"));
    }
    cmd.addAll(List.of("-cp", cp, CpuWorkApp.class.getName(), Integer.toString(rounds),
        Long.toString(IDLE_MS)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    Matcher m = RESULT.matcher(out);
    assertTrue(m.find(), out);
    int reports = out.split("mmlens: metrics export to", -1).length - 1;
    if (endpoint != null) {
      // several exports failed during the work: said at most once, never a stack trace
      assertTrue(reports <= 1, out);
      assertTrue(!out.contains("SEVERE") && !out.contains("Exception in"), out);
    }
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), reports};
  }

  private static double medianRatio(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static long median(List<Long> v) {
    List<Long> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
