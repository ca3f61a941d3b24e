package io.mmlens.it.agent;

import static io.mmlens.it.agent.AgentOtlpHttpTest.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.kmsg.TestCgroups;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.core.zone.ZoneState;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * mmlens-otel-extension.jar loaded by the real OpenTelemetry Java agent
 * ({@code -Dotel.javaagent.extensions}) exports, through that agent's own SDK and OTLP
 * http/protobuf exporter, the same metrics as the standalone agent, and kernel reports as log
 * records.
 */
class AgentOtelExtensionTest {

  static final Path EXTENSION =
      Paths.get("../otel-extension/target/mmlens-otel-extension.jar").toAbsolutePath();
  /** Copied by maven-dependency-plugin (integration-tests/pom.xml). */
  static final Path OTEL_AGENT =
      Paths.get("target/otel-javaagent/opentelemetry-javaagent.jar").toAbsolutePath();
  /** The scope both the standalone agent and the extension register their instruments under. */
  static final String SCOPE = "io.mmlens.agent";

  @Test
  void sameMetricsAsTheStandaloneAgentAndWatermarksEqualProcZoneinfo() throws Exception {
    assertTrue(Files.isRegularFile(EXTENSION), "build otel-extension first: " + EXTENSION);
    assertTrue(Files.isRegularFile(OTEL_AGENT), "copied by the pom: " + OTEL_AGENT);
    assertTrue(Files.isRegularFile(AgentOtlpHttpTest.AGENT), "build the agent first");
    List<Metric> standalone;
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      run(receiver, "-javaagent:" + AgentOtlpHttpTest.AGENT, "-Dmmlens.kmsg.enabled=false",
          "-Dmmlens.jvm_symptoms.enabled=false",
          // the exit flush waits for the last export: on a loaded box 1.5 s may hold none before it
          "-Dmmlens.shutdown.flush.ms=10000");
      standalone = mmlensMetrics(receiver, "mmlens-it");
    }
    List<Metric> extension;
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      run(receiver, otelAgentArgs(receiver).toArray(new String[0]));
      extension = mmlensMetrics(receiver, "mmlens-it");
    }

    // one description per metric, its points' attributes included: names, units, types
    // (gauge, monotonic cumulative sum, up-down sum) and attribute keys and values all equal
    assertEquals(describe(standalone), describe(extension));
    assertTrue(describe(extension).containsKey("linux.memory.zone.free_blocks"), "zone metrics");

    Metric wm = AgentOtlpHttpTest.find(extension, "linux.memory.zone.watermark");
    MemorySnapshot live = new SnapshotReader(new ProcFs()).read();
    int checked = 0;
    for (ZoneState z : live.zones()) {
      assertEquals(z.min(), AgentOtlpHttpTest.value(wm, z, "min"), "min of " + z.label());
      assertEquals(z.low(), AgentOtlpHttpTest.value(wm, z, "low"), "low of " + z.label());
      assertEquals(z.high(), AgentOtlpHttpTest.value(wm, z, "high"), "high of " + z.label());
      checked++;
    }
    assertTrue(checked > 0, "this machine has zones");
    // sysconf in the standalone agent, AT_PAGESZ in the extension: the same page size
    assertEquals(pageSize(standalone), pageSize(extension));
  }

  @Test
  void memcgOomArrivesAsOneLogRecordThroughTheOtelAgent() throws Exception {
    assertTrue(Files.isRegularFile(EXTENSION), "build otel-extension first: " + EXTENSION);
    Path cg = TestCgroups.createChild("mmlens-otel-extension-test");
    Assumptions.assumeTrue(cg != null, "no writable memory cgroup or /dev/kmsg");
    Process app = null;
    Process[] hog = new Process[1];
    OtlpHttpReceiver receiver = new OtlpHttpReceiver();
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(java());
      cmd.addAll(otelAgentArgs(receiver));
      // a short interval only so the first export (our "agent is up" signal) comes soon
      cmd.addAll(List.of("-Dotel.metric.export.interval=500",
          "-cp", testClasses(), SleepingApp.class.getName(), "600000"));
      app = new ProcessBuilder(cmd).inheritIO().start();
      // the first metrics export comes after afterAgent, which started the /dev/kmsg follower
      assertNotNull(receiver.metrics.poll(120, TimeUnit.SECONDS), "the OTel agent never exported");
      // the follower skips the backlog and goes live on the first read that blocks (100 ms)
      Thread.sleep(3000);
      MemcgOom oom = MemcgOom.cause(cg, receiver, hog);
      assertEquals(SCOPE, oom.scope);
      oom.assertDecoded();
      LogRecord mine = oom.record;
      // every field of the report arrived (a memcg report has ~100; a global OOM report with
      // its zone dump has more than the SDK's default 128, which the extension raises)
      assertEquals(0, mine.getDroppedAttributesCount());
    } finally {
      if (hog[0] != null) {
        hog[0].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (app != null) {
        app.destroy(); // before the receiver goes: the agent's exit flush has somewhere to go
        if (!app.waitFor(30, TimeUnit.SECONDS)) {
          app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      receiver.close();
      TestCgroups.remove(cg);
    }
  }

  /** The official agent with the extension, OTLP http/protobuf to {@code receiver}, no traces. */
  private static List<String> otelAgentArgs(OtlpHttpReceiver receiver) {
    return List.of("-javaagent:" + OTEL_AGENT, "-Dotel.javaagent.extensions=" + EXTENSION,
        "-Dotel.exporter.otlp.protocol=http/protobuf",
        "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(), "-Dotel.traces.exporter=none",
        "-Dotel.blrp.schedule.delay=200");
  }

  /** Runs SleepingApp for 1.5 s with {@code agentArgs}; it must exit 0. */
  private static void run(OtlpHttpReceiver receiver, String... agentArgs) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.addAll(Arrays.asList(agentArgs));
    cmd.addAll(List.of("-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
        "-Dotel.metric.export.interval=300", "-Dotel.service.name=mmlens-it",
        "-cp", testClasses(), SleepingApp.class.getName(), "1500"));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    try {
      // the OTel agent takes ~10 s to start on a busy 2-core machine
      assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child finished");
      assertEquals(0, p.exitValue());
    } finally {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The mmlens scope's metrics of the last request that has them (the child has exited, so all
   * its requests are queued): an earlier export may have run while the extension was still
   * registering its instruments. service.name checked.
   */
  private static List<Metric> mmlensMetrics(OtlpHttpReceiver receiver, String service)
      throws InterruptedException {
    List<Metric> last = List.of();
    // a request sent at exit may still be in the receiver's handler
    ExportMetricsServiceRequest req = receiver.metrics.poll(10, TimeUnit.SECONDS);
    for (; req != null; req = receiver.metrics.poll(500, TimeUnit.MILLISECONDS)) {
      List<Metric> all = new ArrayList<>();
      for (ResourceMetrics rm : req.getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          if (sm.getScope().getName().equals(SCOPE)) {
            assertEquals(service, attrs(rm.getResource().getAttributesList()).get("service.name"));
            all.addAll(sm.getMetricsList());
          }
        }
      }
      if (!all.isEmpty()) {
        last = all;
      }
    }
    assertFalse(last.isEmpty(), "no metrics of scope " + SCOPE + " arrived");
    return last;
  }

  /**
   * Per metric name: unit, description, data kind, and the attribute sets of its points (the
   * page size's source differs by design: sysconf there, auxv here).
   */
  static Map<String, String> describe(List<Metric> metrics) {
    Map<String, String> d = new TreeMap<>();
    for (Metric m : metrics) {
      String kind;
      List<NumberDataPoint> points;
      if (m.hasGauge()) {
        kind = "gauge";
        points = m.getGauge().getDataPointsList();
      } else if (m.hasSum()) {
        kind = (m.getSum().getIsMonotonic() ? "counter " : "updowncounter ")
            + m.getSum().getAggregationTemporality();
        points = m.getSum().getDataPointsList();
      } else {
        kind = m.getDataCase().toString();
        points = List.of();
      }
      Set<String> attributeSets = new TreeSet<>();
      for (NumberDataPoint p : points) {
        Map<String, String> a = new TreeMap<>(attrs(p.getAttributesList()));
        a.computeIfPresent("linux.memory.page.size.source", (k, v) -> "*");
        attributeSets.add(a.toString() + (p.hasAsInt() ? " int" : " double"));
      }
      assertFalse(d.containsKey(m.getName()), "one metric per name: " + m.getName());
      d.put(m.getName(), m.getUnit() + " | " + m.getDescription() + " | " + kind + " | " + attributeSets);
    }
    return d;
  }

  private static long pageSize(List<Metric> metrics) {
    return AgentOtlpHttpTest.find(metrics, "linux.memory.page.size").getGauge().getDataPoints(0).getAsInt();
  }

  private static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Only the app on the child's class path (the test class path holds mmlens's own classes). */
  private static String testClasses() {
    return Paths.get("target/test-classes").toAbsolutePath().toString();
  }
}
