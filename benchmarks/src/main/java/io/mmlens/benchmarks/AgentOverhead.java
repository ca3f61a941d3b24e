package io.mmlens.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.otel.ZoneMetrics;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The agent's overhead budget (issue 4, item 9) measured on real child JVMs: added startup,
 * steady-state CPU at a 10 s interval, retained heap, allocation per collection, and CPU per
 * Prometheus scrape against Debian's {@code prometheus-node-exporter} serving the same files.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.mmlens.benchmarks.AgentOverhead \
 *     agent/target/mmlens-agent.jar [--java JDK/bin/java] [--startup-runs 20]
 *     [--warmup-seconds 25] [--cpu-seconds 60] [--cpu-windows 2] [--scrape-warmup 1000,10000]
 *     [--scrapes 200] [--rounds 5] [--only startup,steady,collection,prometheus]</pre>
 *
 * <p>Children run classes of this jar ({@link Hello}, {@link Probe}); every process started here
 * is stopped before the program ends, also on failure.
 */
public final class AgentOverhead {

  private static final String NODE_EXPORTER = "/usr/bin/prometheus-node-exporter";
  private static final List<Process> CHILDREN = new ArrayList<>();

  private final Path agent;
  private final String java;
  private final String cp;
  private final Map<String, String> opts;
  private final long ticksPerSecond;
  private final List<String[]> rows = new ArrayList<>();

  private AgentOverhead(Path agent, String java, Map<String, String> opts) throws Exception {
    this.agent = agent.toAbsolutePath();
    this.java = java;
    this.cp = childClassPath().toString();
    this.opts = opts;
    this.ticksPerSecond = clockTicks();
  }

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: AgentOverhead <mmlens-agent.jar> [--java <java>] [--startup-runs N]"
          + " [--warmup-seconds S] [--cpu-seconds S] [--cpu-windows N] [--scrape-warmup N,N...]"
          + " [--scrapes N] [--rounds N] [--only a,b]");
      System.exit(2);
    }
    Map<String, String> opts = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String java = opts.getOrDefault("java",
        Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    Runtime.getRuntime().addShutdownHook(new Thread(AgentOverhead::stopAll));
    AgentOverhead b = new AgentOverhead(Paths.get(args[0]), java, opts);
    try {
      b.run();
    } finally {
      stopAll();
    }
  }

  private boolean wanted(String part) {
    String only = opts.get("only");
    return only == null || Arrays.asList(only.split(",")).contains(part);
  }

  private void run() throws Exception {
    System.out.println("# mmlens agent overhead");
    System.out.println("agent jar:  " + agent + " (" + Files.size(agent) / 1024 + " KiB)");
    System.out.println("child java: " + java + " (" + childVersion() + ")");
    System.out.println("machine:    " + Runtime.getRuntime().availableProcessors() + " CPUs, "
        + firstLine("/proc/cpuinfo", "model name") + ", kernel "
        + read("/proc/sys/kernel/osrelease").trim());
    System.out.println("load:       " + read("/proc/loadavg").trim() + " (at start)");
    if (wanted("startup")) {
      startup(Integer.parseInt(opts.getOrDefault("startup-runs", "20")));
    }
    if (wanted("steady")) {
      steady(Integer.parseInt(opts.getOrDefault("cpu-seconds", "60")),
          Integer.parseInt(opts.getOrDefault("cpu-windows", "2")));
    }
    if (wanted("collection")) {
      collection();
    }
    if (wanted("prometheus")) {
      prometheus(Integer.parseInt(opts.getOrDefault("scrapes", "200")),
          Integer.parseInt(opts.getOrDefault("rounds", "5")));
    }
    System.out.println("load:       " + read("/proc/loadavg").trim() + " (at end)");
    System.out.println();
    System.out.println("| target | budget | measured | met |");
    System.out.println("|---|---|---|---|");
    for (String[] r : rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
  }

  // ---------------------------------------------------------------- startup

  /**
   * A trivial app (prints the time main was entered, exits) with and without the agent,
   * alternating which goes first; medians of time-to-main and time-to-exit. The agent's
   * start thread keeps working after main returns, so time-to-exit includes whatever of its
   * work delays the JVM's exit.
   */
  private void startup(int runs) throws Exception {
    List<Long> mainWith = new ArrayList<>();
    List<Long> mainWithout = new ArrayList<>();
    List<Long> exitWith = new ArrayList<>();
    List<Long> exitWithout = new ArrayList<>();
    for (int i = -2; i < runs; i++) { // two discarded rounds warm the page cache
      for (int k = 0; k < 2; k++) {
        boolean withAgent = (i + k) % 2 == 0;
        long[] t = startOnce(withAgent);
        if (i >= 0) {
          (withAgent ? mainWith : mainWithout).add(t[0]);
          (withAgent ? exitWith : exitWithout).add(t[1]);
        }
      }
    }
    long dMain = median(mainWith) - median(mainWithout);
    long dExit = median(exitWith) - median(exitWithout);
    System.out.printf(Locale.ROOT, "%nstartup, %d alternating runs each (µs):%n", runs);
    System.out.println("  to main  without " + spread(mainWithout) + "  with " + spread(mainWith));
    System.out.println("  to exit  without " + spread(exitWithout) + "  with " + spread(exitWith));
    long added = Math.max(dMain, dExit);
    rows.add(new String[] {"added JVM startup", "≤ 150 ms",
        String.format(Locale.ROOT, "to main +%.1f ms, to exit +%.1f ms (medians)",
            dMain / 1000.0, dExit / 1000.0), added <= 150_000 ? "yes" : "**no**"});
  }

  private long[] startOnce(boolean withAgent) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java));
    if (withAgent) {
      // the defaults a user gets, at the budget's 10 s interval
      cmd.add("-javaagent:" + agent);
      cmd.add("-Dotel.metric.export.interval=10000");
    }
    cmd.addAll(List.of("-cp", cp, Hello.class.getName()));
    Instant before = Instant.now();
    long t0 = System.nanoTime();
    Process p = start(new ProcessBuilder(cmd).redirectErrorStream(true));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    long exitMicros = (System.nanoTime() - t0) / 1000;
    CHILDREN.remove(p);
    String line = out.lines().filter(l -> l.startsWith("main-at ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no main-at line: " + out));
    Instant atMain = Instant.parse(line.substring(8).trim());
    return new long[] {ChronoUnit.MICROS.between(before, atMain), exitMicros};
  }

  // ---------------------------------------------------------------- steady state

  /**
   * Two idle probes at once, one with the agent exporting OTLP/HTTP every 10 s to a local sink
   * that answers 200, one without; CPU from /proc over the same windows (so the machine's other
   * load hits both alike), then allocation of the agent's threads and heap after full GC.
   */
  private void steady(int seconds, int windows) throws Exception {
    AtomicInteger metricPosts = new AtomicInteger();
    HttpServer sink = sink(metricPosts);
    HttpServer otherSink = sink(new AtomicInteger()); // the probe without hooks exports here
    try {
      String endpoint = "http://127.0.0.1:" + sink.getAddress().getPort();
      ProbeProcess with = probe(true, "-Dotel.exporter.otlp.endpoint=" + endpoint,
          "-Dotel.metric.export.interval=10000");
      // the same agent without the JVM-symptom hooks: their share of heap and CPU
      ProbeProcess noHooks = probe(true,
          "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + otherSink.getAddress().getPort(),
          "-Dotel.metric.export.interval=10000", "-Dmmlens.jvm_symptoms.enabled=false");
      ProbeProcess without = probe(false);
      // agent start (~1 s) plus the first exports and their JIT burst
      Thread.sleep(Long.parseLong(opts.getOrDefault("warmup-seconds", "25")) * 1000);
      System.out.printf(Locale.ROOT, "%nsteady state at a 10 s interval, %d × %d s windows "
          + "(CPU %% of one core; /proc ticks are %d ms):%n", windows, seconds, 1000 / ticksPerSecond);
      Map<String, Long> threadAlloc0 = with.agentAllocatedByThread();
      Map<String, Long> threadCpu0 = with.agentCpuByThread();
      long allocStart = with.agentAllocated();
      int postsStart = metricPosts.get();
      List<Double> diffs = new ArrayList<>();
      List<Double> agentThreads = new ArrayList<>();
      for (int w = 0; w < windows; w++) {
        Map<String, Long> a0 = with.cpuByGroup();
        Map<String, Long> h0 = noHooks.cpuByGroup();
        Map<String, Long> b0 = without.cpuByGroup();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> a1 = with.cpuByGroup();
        Map<String, Long> h1 = noHooks.cpuByGroup();
        Map<String, Long> b1 = without.cpuByGroup();
        double pa = pct(a1.get("process") - a0.get("process"), secs);
        double ph = pct(h1.get("process") - h0.get("process"), secs);
        double pb = pct(b1.get("process") - b0.get("process"), secs);
        double pm = pct(a1.get("mmlens") - a0.get("mmlens"), secs);
        diffs.add(pa - pb);
        agentThreads.add(pm);
        System.out.printf(Locale.ROOT, "  window %d: process with agent %.3f %%, agent without hooks"
            + " %.3f %%, without agent %.3f %% -> added %.3f %%; mmlens-* threads %.3f %%; JIT "
            + "threads %.3f %% vs %.3f %%; GC threads %.3f %% vs %.3f %%; load %s%n",
            w + 1, pa, ph, pb, pa - pb, pm,
            pct(a1.get("jit") - a0.get("jit"), secs), pct(b1.get("jit") - b0.get("jit"), secs),
            pct(a1.get("gc") - a0.get("gc"), secs), pct(b1.get("gc") - b0.get("gc"), secs),
            read("/proc/loadavg").trim());
      }
      int posts = metricPosts.get() - postsStart;
      long alloc = with.agentAllocated() - allocStart;
      Map<String, Long> threadAlloc1 = with.agentAllocatedByThread();
      Map<String, Long> threadCpu1 = with.agentCpuByThread();
      StringBuilder perThread = new StringBuilder();
      for (Map.Entry<String, Long> e : new java.util.TreeMap<>(threadAlloc1).entrySet()) {
        long a = e.getValue() - threadAlloc0.getOrDefault(e.getKey(), 0L);
        long c = threadCpu1.getOrDefault(e.getKey(), 0L) - threadCpu0.getOrDefault(e.getKey(), 0L);
        if (a > 0 || c > 0) {
          perThread.append(String.format(Locale.ROOT, "%n    %-24s %7.1f KB, %5d ms CPU per export",
              e.getKey(), posts == 0 ? Double.NaN : a / 1024.0 / posts,
              posts == 0 ? 0 : c * 1000 / ticksPerSecond / posts));
        }
      }
      long[] heapWith = with.heap();
      long[] heapNoHooks = noHooks.heap();
      long[] heapWithout = without.heap();
      System.out.printf(Locale.ROOT, "  exports in the windows: %d; mmlens-* threads allocated %d KB "
          + "in them = %.1f KB per export (collection + OTLP encoding + HTTP)%n",
          posts, alloc / 1024, posts == 0 ? Double.NaN : alloc / 1024.0 / posts);
      System.out.println("  per agent thread (allocation and CPU ticks over the windows / exports):"
          + perThread);
      System.out.printf(Locale.ROOT, "  heap used after full GC: with agent %.2f MB, without hooks "
          + "%.2f MB, without agent %.2f MB; metaspace %.1f / %.1f / %.1f MB%n",
          heapWith[0] / 1048576.0, heapNoHooks[0] / 1048576.0, heapWithout[0] / 1048576.0,
          heapWith[1] / 1048576.0, heapNoHooks[1] / 1048576.0, heapWithout[1] / 1048576.0);
      // steady = the later half of the windows (the first ones still carry the JIT's burst);
      // met only if every one of them is within the budget, not just the last or the mean
      double worst = 0;
      for (int i = diffs.size() / 2; i < diffs.size(); i++) {
        worst = Math.max(worst, diffs.get(i));
      }
      rows.add(new String[] {"steady-state CPU at 10 s", "≤ 0.1 % of a core",
          String.format(Locale.ROOT, "added %s %% per window (mmlens-* threads %s %%); worst of "
              + "the later half %.3f %%", join(diffs), join(agentThreads), worst),
          worst <= 0.1 ? "yes" : "**no**"});
      double retained = (heapWith[0] - heapWithout[0]) / 1048576.0;
      rows.add(new String[] {"retained heap", "≤ 4 MB", String.format(Locale.ROOT,
          "+%.2f MB (+%.2f MB without the JVM-symptom hooks)", retained,
          (heapNoHooks[0] - heapWithout[0]) / 1048576.0), retained <= 4 ? "yes" : "**no**"});
      rows.add(new String[] {"agent threads' allocation per 10 s export", "(info)",
          String.format(Locale.ROOT, "%.1f KB", posts == 0 ? Double.NaN : alloc / 1024.0 / posts),
          ""});
      with.quit();
      noHooks.quit();
      without.quit();
    } finally {
      sink.stop(0);
      otherSink.stop(0);
    }
  }

  /** A local OTLP/HTTP receiver that answers 200 and counts metric exports. */
  private static HttpServer sink(AtomicInteger metricPosts) throws IOException {
    HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sink.createContext("/", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        in.readAllBytes();
      }
      if (ex.getRequestURI().getPath().endsWith("/v1/metrics")) {
        metricPosts.incrementAndGet();
      }
      ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      ex.sendResponseHeaders(200, -1); // an empty ExportMetricsServiceResponse
      ex.close();
    });
    sink.start();
    return sink;
  }

  private double pct(long ticks, double secs) {
    return ticks * 100.0 / ticksPerSecond / secs;
  }

  private static String join(List<Double> v) {
    StringBuilder b = new StringBuilder();
    for (double d : v) {
      b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", d));
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- one collection

  /**
   * One collection in this JVM, as the agent's reader runs it: /proc read and parse, the
   * analysis, the batch callback's records and the SDK's aggregation into MetricData.
   */
  private void collection() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    // the files the agent's metrics reader reads (AgentRuntime)
    SnapshotReader reader = ZoneMetrics.forMetrics(new SnapshotReader(new ProcFs()).pageSize(4096));
    System.out.printf(Locale.ROOT, "%none collection in-process (%s, this JVM %s):%n",
        "ZoneMetrics + SDK reader", System.getProperty("java.version"));
    double[] reusable = null;
    for (MemoryMode mode : MemoryMode.values()) {
      PullReader r = new PullReader(mode);
      try (SdkMeterProvider p = SdkMeterProvider.builder().registerMetricReader(r).build()) {
        new ZoneMetrics(p.get("io.mmlens.agent"), reader::read);
        int points = r.collect().stream().mapToInt(m -> m.getData().getPoints().size()).sum();
        double[] c = measure(mx, 3000, 2000, r::collect);
        System.out.printf(Locale.ROOT, "  full collection, %s: %.1f µs median, %.1f µs CPU, "
            + "%.1f KB allocated (%d points)%n", mode, c[0], c[1], c[2] / 1024, points);
        if (mode == MemoryMode.REUSABLE_DATA) {
          reusable = c;
        }
        rows.add(new String[] {"allocation per collection (" + mode + ")", "≤ 64 KB",
            String.format(Locale.ROOT, "%.1f KB (%.0f µs CPU)", c[2] / 1024, c[1]),
            c[2] <= 64 * 1024 ? "yes" : "**no**"});
      }
    }
    // after the collections, so both run on code the JIT has compiled by then
    double[] snap = measure(mx, 3000, 2000, reader::read);
    System.out.printf(Locale.ROOT, "  snapshot read + parse + analysis: %.1f µs median, %.1f µs CPU, "
        + "%.1f KB allocated%n", snap[0], snap[1], snap[2] / 1024);
    collectionCpuMicros = reusable[1];
  }

  private double collectionCpuMicros = Double.NaN;

  /** {median wall µs, mean CPU µs, mean allocated bytes} per call after {@code warmup} calls. */
  private static double[] measure(com.sun.management.ThreadMXBean mx, int warmup, int n,
      java.util.function.Supplier<?> op) {
    for (int i = 0; i < warmup; i++) {
      op.get();
    }
    long[] wall = new long[n];
    long id = Thread.currentThread().getId();
    long cpu0 = mx.getCurrentThreadCpuTime();
    long alloc0 = mx.getThreadAllocatedBytes(id);
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      op.get();
      wall[i] = System.nanoTime() - t;
    }
    long cpu = mx.getCurrentThreadCpuTime() - cpu0;
    long alloc = mx.getThreadAllocatedBytes(id) - alloc0;
    Arrays.sort(wall);
    return new double[] {wall[n / 2] / 1000.0, cpu / 1000.0 / n, (double) alloc / n};
  }

  /** A pull reader for the in-process collection, in a chosen memory mode. */
  private static final class PullReader implements MetricReader {
    private final MemoryMode mode;
    private volatile CollectionRegistration registration;

    PullReader(MemoryMode mode) {
      this.mode = mode;
    }

    Collection<MetricData> collect() {
      return registration.collectAllMetrics();
    }

    @Override
    public void register(CollectionRegistration r) {
      registration = r;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType type) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public MemoryMode getMemoryMode() {
      return mode;
    }
  }

  // ---------------------------------------------------------------- Prometheus vs node_exporter

  /**
   * node_exporter with only the buddyinfo, zoneinfo, vmstat, meminfo and pressure collectors
   * (and without its own go_/process_/promhttp_ metrics) against the agent's Prometheus
   * endpoint; process CPU over blocks of scrapes, alternating which goes first.
   */
  private void prometheus(int scrapes, int rounds) throws Exception {
    if (!Files.isExecutable(Paths.get(NODE_EXPORTER))) {
      System.out.println("\nno " + NODE_EXPORTER + " (apt-get install -y prometheus-node-exporter);"
          + " Prometheus comparison skipped");
      return;
    }
    int nePort = freePort();
    int agentPort = freePort();
    Process ne = start(new ProcessBuilder(NODE_EXPORTER,
        "--web.listen-address=127.0.0.1:" + nePort, "--collector.disable-defaults",
        "--collector.buddyinfo", "--collector.zoneinfo", "--collector.vmstat",
        "--collector.meminfo", "--collector.pressure", "--web.disable-exporter-metrics")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD));
    ProbeProcess agentProbe = probe(true, "-Dotel.metrics.exporter=prometheus",
        "-Dotel.exporter.prometheus.port=" + agentPort, "-Dotel.logs.exporter=none");
    try {
      String neUrl = "http://127.0.0.1:" + nePort + "/metrics";
      String agentUrl = "http://127.0.0.1:" + agentPort + "/metrics";
      String neBody = waitForScrape(neUrl);
      String agentBody = waitForScrape(agentUrl);
      // Measured after each warm-up checkpoint (scrapes served so far, ascending): the agent's
      // cost per scrape falls until C2 has compiled its path, thousands of scrapes (hours at a
      // 15 s interval), so the first checkpoints are shown and the last one is judged.
      List<Integer> checkpoints = new ArrayList<>();
      for (String c : opts.getOrDefault("scrape-warmup", "1000,10000").split(",")) {
        checkpoints.add(Integer.parseInt(c.trim()));
      }
      int served = 0;
      for (int k = 0; k < checkpoints.size(); k++) {
        int checkpoint = checkpoints.get(k);
        for (; served < checkpoint; served++) {
          scrape(neUrl);
          scrape(agentUrl);
        }
        long neTotal = 0;
        long agentTotal = 0;
        List<Double> ratios = new ArrayList<>();
        List<Long> neLatency = new ArrayList<>();
        List<Long> agentLatency = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
          long[] a;
          long[] n;
          if (r % 2 == 0) {
            n = scrapeBlock(ne.pid(), neUrl, scrapes, neLatency);
            a = scrapeBlock(agentProbe.pid, agentUrl, scrapes, agentLatency);
          } else {
            a = scrapeBlock(agentProbe.pid, agentUrl, scrapes, agentLatency);
            n = scrapeBlock(ne.pid(), neUrl, scrapes, neLatency);
          }
          neTotal += n[0];
          agentTotal += a[0];
          ratios.add((double) a[0] / n[0]);
        }
        served += rounds * scrapes;
        double neMs = neTotal * 1000.0 / ticksPerSecond / (scrapes * (double) rounds);
        double agentMs = agentTotal * 1000.0 / ticksPerSecond / (scrapes * (double) rounds);
        System.out.printf(Locale.ROOT,
            "%nPrometheus scrape after %d warm-up scrapes, %d rounds × %d scrapes each:%n",
            checkpoint, rounds, scrapes);
        System.out.printf(Locale.ROOT, "  node_exporter: %.3f ms CPU per scrape, median latency"
            + " %.2f ms, %d series, %d bytes%n", neMs, median(neLatency) / 1000.0, series(neBody),
            neBody.length());
        System.out.printf(Locale.ROOT, "  mmlens agent:  %.3f ms CPU per scrape, median latency"
            + " %.2f ms, %d series, %d bytes%n", agentMs, median(agentLatency) / 1000.0,
            series(agentBody), agentBody.length());
        System.out.println("  ratio per round: " + join(ratios));
        double ratio = agentMs / neMs;
        boolean judged = k == checkpoints.size() - 1;
        rows.add(new String[] {"CPU per scrape vs node_exporter, after " + checkpoint
                + " warm-up scrapes" + (judged ? "" : " (JIT still compiling; shown, not judged)"),
            "≤ 0.5×", String.format(Locale.ROOT, "%.2f× (%.3f vs %.3f ms; rounds %s)", ratio,
                agentMs, neMs, join(ratios)),
            judged ? (ratio <= 0.5 ? "yes" : "**no**") : (ratio <= 0.5 ? "(yes)" : "(no)")});
        if (judged && !Double.isNaN(collectionCpuMicros)) {
          double c = collectionCpuMicros / 1000.0 / neMs;
          rows.add(new String[] {"one mmlens collection alone vs a node_exporter scrape",
              "(≤ 0.5×)", String.format(Locale.ROOT, "%.2f× (%.3f ms CPU, in-process)", c,
                  collectionCpuMicros / 1000.0), c <= 0.5 ? "yes" : "**no**"});
        }
      }
      agentProbe.quit();
    } finally {
      ne.destroy();
      ne.waitFor(5, TimeUnit.SECONDS);
      CHILDREN.remove(ne);
    }
  }

  /** {process CPU ticks used} over {@code n} scrapes; per-scrape latency into {@code lat}. */
  private long[] scrapeBlock(long pid, String url, int n, List<Long> lat) throws IOException {
    long c0 = processTicks(pid);
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      scrape(url);
      lat.add((System.nanoTime() - t) / 1000);
    }
    return new long[] {processTicks(pid) - c0};
  }

  private static int series(String body) {
    return (int) body.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
  }

  private static String waitForScrape(String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        String body = scrape(url);
        if (body.contains("zone")) {
          return body;
        }
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(url + " has no zone metrics");
      }
      Thread.sleep(200);
    }
  }

  private static String scrape(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(10000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  // ---------------------------------------------------------------- child processes

  private ProbeProcess probe(boolean withAgent, String... props) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java));
    if (withAgent) {
      cmd.add("-javaagent:" + agent);
      cmd.addAll(Arrays.asList(props));
    }
    cmd.addAll(List.of("-cp", cp, Probe.class.getName()));
    Process p = start(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT));
    return new ProbeProcess(p);
  }

  /** A running {@link Probe}: commands on its stdin, answers on its stdout. */
  private final class ProbeProcess {
    final Process process;
    final long pid;
    final BufferedReader out;
    final PrintStream in;

    ProbeProcess(Process p) throws IOException {
      this.process = p;
      this.pid = p.pid();
      this.out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      this.in = new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8);
      ask("ping");
    }

    String ask(String cmd) throws IOException {
      in.println(cmd);
      String line = out.readLine();
      if (line == null) {
        throw new IOException("probe " + pid + " ended");
      }
      return line;
    }

    long agentAllocated() throws IOException {
      return Long.parseLong(ask("alloc").trim());
    }

    /** Bytes allocated so far per live mmlens-* thread (names as the JVM has them). */
    Map<String, Long> agentAllocatedByThread() throws IOException {
      Map<String, Long> m = new HashMap<>();
      for (String kv : ask("alloc-by-thread").trim().split(" ")) {
        int eq = kv.lastIndexOf('=');
        if (eq > 0) {
          m.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
        }
      }
      return m;
    }

    /** CPU ticks so far per live mmlens-* thread, keyed like {@link #agentAllocatedByThread}. */
    Map<String, Long> agentCpuByThread() throws IOException {
      Map<String, Long> byComm = new HashMap<>();
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/" + pid + "/task"))) {
        for (Path t : tasks) {
          try {
            String comm = Files.readString(t.resolve("comm")).trim();
            if (comm.startsWith("mmlens-")) {
              byComm.merge(comm, ticks(Files.readString(t.resolve("stat"))), Long::sum);
            }
          } catch (IOException e) {
            // the thread ended meanwhile
          }
        }
      }
      // comm holds the first 15 bytes of the Java name
      Map<String, Long> m = new HashMap<>();
      for (String name : agentAllocatedByThread().keySet()) {
        String comm = name.length() > 15 ? name.substring(0, 15) : name;
        m.put(name, byComm.getOrDefault(comm, 0L));
      }
      return m;
    }

    long[] heap() throws IOException {
      String[] f = ask("heap").trim().split(" ");
      return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    /** CPU ticks: the process total, and its live threads grouped as mmlens, jit, gc. */
    Map<String, Long> cpuByGroup() throws IOException {
      Map<String, Long> m = new HashMap<>();
      m.put("process", processTicks(pid));
      m.put("mmlens", 0L);
      m.put("jit", 0L);
      m.put("gc", 0L);
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/" + pid + "/task"))) {
        for (Path t : tasks) {
          String comm;
          long ticks;
          try {
            comm = Files.readString(t.resolve("comm")).trim();
            ticks = ticks(Files.readString(t.resolve("stat")));
          } catch (IOException e) {
            continue; // the thread ended meanwhile
          }
          String group = comm.startsWith("mmlens-") ? "mmlens"
              : comm.contains("CompilerThre") ? "jit"
              : comm.startsWith("GC ") || comm.startsWith("G1 ") ? "gc" : null;
          if (group != null) {
            m.merge(group, ticks, Long::sum);
          }
        }
      }
      return m;
    }

    void quit() throws InterruptedException {
      in.println("quit");
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      CHILDREN.remove(process);
    }
  }

  private static long processTicks(long pid) throws IOException {
    return ticks(Files.readString(Paths.get("/proc/" + pid + "/stat")));
  }

  /** utime + stime of a /proc stat line (fields 14 and 15, counted after the comm's ")"). */
  static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static synchronized Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    CHILDREN.add(p);
    return p;
  }

  private static synchronized void stopAll() {
    for (Process p : new ArrayList<>(CHILDREN)) {
      p.destroy();
    }
    for (Process p : new ArrayList<>(CHILDREN)) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
    CHILDREN.clear();
  }

  /**
   * A directory holding only {@link Hello} and {@link Probe}: this jar also holds the unshaded
   * mmlens classes, and on a child's class path they would shadow the agent's own copies.
   */
  private static Path childClassPath() throws IOException {
    Path dir = Files.createTempDirectory("mmlens-overhead-");
    for (Class<?> c : List.of(Hello.class, Probe.class)) {
      String res = c.getName().replace('.', '/') + ".class";
      Path to = dir.resolve(res);
      Files.createDirectories(to.getParent());
      try (InputStream in = AgentOverhead.class.getClassLoader().getResourceAsStream(res)) {
        Files.write(to, in.readAllBytes());
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Stream<Path> w = Files.walk(dir)) {
        w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temp dir left behind is harmless
      }
    }));
    return dir;
  }

  private String childVersion() throws Exception {
    Process p = start(new ProcessBuilder(java, "-version").redirectErrorStream(true));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    CHILDREN.remove(p);
    return out.lines().skip(1).findFirst().orElse("?").trim();
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor();
      return Long.parseLong(s);
    } catch (Exception e) {
      return 100; // USER_HZ on every mainstream Linux build
    }
  }

  private static String read(String path) throws IOException {
    return Files.readString(Paths.get(path));
  }

  private static String firstLine(String path, String key) throws IOException {
    return read(path).lines().filter(l -> l.startsWith(key)).findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
  }

  private static long median(List<Long> v) {
    List<Long> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  private static String spread(List<Long> v) {
    List<Long> s = new ArrayList<>(v);
    s.sort(null);
    return String.format(Locale.ROOT, "median %.1f ms (min %.1f, max %.1f)",
        s.get(s.size() / 2) / 1000.0, s.get(0) / 1000.0, s.get(s.size() - 1) / 1000.0);
  }

  // ---------------------------------------------------------------- child programs

  /** Trivial app for the startup figure: prints when main was entered, then exits. */
  public static final class Hello {
    private Hello() {}

    public static void main(String[] args) {
      System.out.println("main-at " + Instant.now());
    }
  }

  /**
   * Idle host for the steady-state figures, driven over stdin: {@code alloc} prints the bytes
   * allocated so far by live {@code mmlens-*} threads, {@code heap} prints heap and metaspace
   * used after full GCs, {@code quit} exits.
   */
  public static final class Probe {
    private Probe() {}

    public static void main(String[] args) throws Exception {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      com.sun.management.ThreadMXBean mx =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      for (String cmd; (cmd = in.readLine()) != null; ) {
        switch (cmd.trim()) {
          case "ping":
            System.out.println("pong");
            break;
          case "alloc":
            long sum = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
              if (t.getName().startsWith("mmlens-")) {
                sum += Math.max(0, mx.getThreadAllocatedBytes(t.getId()));
              }
            }
            System.out.println(sum);
            break;
          case "alloc-by-thread":
            StringBuilder b = new StringBuilder();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
              if (t.getName().startsWith("mmlens-")) {
                b.append(t.getName()).append('=')
                    .append(Math.max(0, mx.getThreadAllocatedBytes(t.getId()))).append(' ');
              }
            }
            System.out.println(b);
            break;
          case "heap":
            for (int i = 0; i < 3; i++) {
              System.gc();
              Thread.sleep(100);
            }
            long meta = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
              if (pool.getName().equals("Metaspace")) {
                meta = pool.getUsage().getUsed();
              }
            }
            System.out.println(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
                + " " + meta);
            break;
          case "quit":
            System.out.flush();
            System.exit(0);
            break;
          default:
            System.out.println("?");
        }
      }
    }
  }
}
