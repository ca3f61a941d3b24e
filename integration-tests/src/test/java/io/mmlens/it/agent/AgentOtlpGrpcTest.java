package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.core.zone.ZoneState;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code otel.exporter.otlp.protocol=grpc}: a child JVM with the agent exports metrics and a
 * JVM-symptom log record to a real gRPC receiver (grpc-java, official protobufs).
 */
class AgentOtlpGrpcTest {

  @Test
  void metricsAndLogRecordsArriveOverGrpc() throws Exception {
    try (OtlpGrpcReceiver receiver = new OtlpGrpcReceiver()) {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      Process app = new ProcessBuilder(java, "-XX:MaxDirectMemorySize=1m",
          "-javaagent:" + AgentOtlpHttpTest.AGENT,
          "-Dotel.exporter.otlp.protocol=grpc",
          "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
          "-Dotel.exporter.otlp.compression=gzip",
          "-Dotel.metric.export.interval=300", "-Dmmlens.kmsg.enabled=false",
          // only the app on the class path: the test class path holds the unshaded agent classes
          "-cp", Paths.get("target/test-classes").toAbsolutePath().toString(),
          DirectOomApp.class.getName(), "3000", "3000")
          .redirectErrorStream(true).start();
      String out = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(app.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, app.exitValue(), out);
      assertTrue(out.contains("caught java.lang.OutOfMemoryError"), out);
      assertFalse(out.contains("mmlens:"), "no export trouble reported: " + out);

      ExportMetricsServiceRequest req = receiver.metrics.poll(10, TimeUnit.SECONDS);
      assertNotNull(req, "no OTLP/gRPC metrics request arrived");
      List<Metric> all = new ArrayList<>();
      for (ResourceMetrics rm : req.getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          all.addAll(sm.getMetricsList());
        }
      }
      Metric wm = AgentOtlpHttpTest.find(all, "linux.memory.zone.watermark");
      assertEquals("{page}", wm.getUnit());
      MemorySnapshot live = new SnapshotReader(new ProcFs()).read();
      assertFalse(live.zones().isEmpty(), "this machine has zones");
      for (ZoneState z : live.zones()) {
        assertEquals(z.min(), AgentOtlpHttpTest.value(wm, z, "min"), "min of " + z.label());
        assertEquals(z.high(), AgentOtlpHttpTest.value(wm, z, "high"), "high of " + z.label());
      }

      LogRecord symptom = null;
      long deadline = System.currentTimeMillis() + 20_000;
      while (symptom == null && System.currentTimeMillis() < deadline) {
        ExportLogsServiceRequest logs = receiver.logs.poll(1, TimeUnit.SECONDS);
        for (ResourceLogs rl : logs == null ? List.<ResourceLogs>of() : logs.getResourceLogsList()) {
          for (ScopeLogs sl : rl.getScopeLogsList()) {
            for (LogRecord r : sl.getLogRecordsList()) {
              for (KeyValue kv : r.getAttributesList()) {
                if (kv.getKey().equals("linux.mm.symptom")
                    && kv.getValue().getStringValue().equals("direct_buffer_memory")) {
                  symptom = r;
                }
              }
            }
          }
        }
      }
      assertNotNull(symptom, "no JVM-symptom record over gRPC");
      assertEquals("ERROR", symptom.getSeverityText());
    }
  }
}
