package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.core.zone.ZoneState;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Child JVM with -javaagent:mmlens-agent.jar exporting to a real OTLP/HTTP receiver. */
class AgentOtlpHttpTest {

  static final Path AGENT = Paths.get("../agent/target/mmlens-agent.jar").toAbsolutePath();

  @Test
  void zoneWatermarksArriveEqualToProcZoneinfo() throws Exception {
    assertTrue(Files.isRegularFile(AGENT), "build the agent first: " + AGENT);
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-javaagent:" + AGENT,
          "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
          "-Dotel.metric.export.interval=300", "-Dotel.service.name=mmlens-it",
          "-cp", System.getProperty("java.class.path").split(File.pathSeparator)[0],
          SleepingApp.class.getName(), "120000").inheritIO();
      Process p = pb.start();
      ExportMetricsServiceRequest req;
      try {
        // the app lives until the first export: on a loaded box the agent's start can take seconds
        req = receiver.metrics.poll(60, TimeUnit.SECONDS);
        assertTrue(p.isAlive(), "the host app is still running with the agent");
      } finally {
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child stopped");
      }
      assertNotNull(req, "no OTLP metrics request arrived");
      List<Metric> all = new ArrayList<>();
      for (ResourceMetrics rm : req.getResourceMetricsList()) {
        assertTrue(rm.getResource().getAttributesList().stream().anyMatch(
            kv -> kv.getKey().equals("service.name")
                && kv.getValue().getStringValue().equals("mmlens-it")));
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          all.addAll(sm.getMetricsList());
        }
      }
      Metric wm = find(all, "linux.memory.zone.watermark");
      assertEquals("{page}", wm.getUnit());
      assertEquals("By", find(all, "linux.memory.zone.headroom").getUnit());
      assertEquals("1", find(all, "linux.memory.zone.fragmentation.index").getUnit());
      MemorySnapshot live = new SnapshotReader(new ProcFs()).read();
      int checked = 0;
      for (ZoneState z : live.zones()) {
        assertEquals(z.min(), value(wm, z, "min"), "min of " + z.label());
        assertEquals(z.low(), value(wm, z, "low"), "low of " + z.label());
        assertEquals(z.high(), value(wm, z, "high"), "high of " + z.label());
        checked++;
      }
      assertTrue(checked > 0, "this machine has zones");
    }
  }

  static Metric find(List<Metric> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("missing " + name));
  }

  static long value(Metric m, ZoneState z, String level) {
    for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
      if (attr(p.getAttributesList(), "linux.memory.zone").equals(z.name())
          && attr(p.getAttributesList(), "linux.memory.watermark.level").equals(level)
          && attr(p.getAttributesList(), "linux.memory.numa.node")
              .equals(String.valueOf(z.node()))) {
        return p.getAsInt();
      }
    }
    throw new AssertionError("no " + level + " point for " + z.label());
  }

  /** Every attribute as text (int, string, bool, double), for records and data points alike. */
  static Map<String, String> attrs(List<KeyValue> kvs) {
    Map<String, String> m = new HashMap<>();
    for (KeyValue kv : kvs) {
      String v;
      switch (kv.getValue().getValueCase()) {
        case INT_VALUE: v = String.valueOf(kv.getValue().getIntValue()); break;
        case STRING_VALUE: v = kv.getValue().getStringValue(); break;
        case BOOL_VALUE: v = String.valueOf(kv.getValue().getBoolValue()); break;
        case DOUBLE_VALUE: v = String.valueOf(kv.getValue().getDoubleValue()); break;
        default: v = kv.getValue().toString(); break;
      }
      m.put(kv.getKey(), v);
    }
    return m;
  }

  static Map<String, String> attrs(LogRecord r) {
    return attrs(r.getAttributesList());
  }

  private static String attr(List<KeyValue> kvs, String key) {
    for (KeyValue kv : kvs) {
      if (kv.getKey().equals(key)) {
        return kv.getValue().hasIntValue() ? String.valueOf(kv.getValue().getIntValue())
            : kv.getValue().getStringValue();
      }
    }
    return "";
  }
}
