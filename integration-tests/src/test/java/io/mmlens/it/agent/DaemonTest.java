package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar mmlens-agent.jar daemon} exports the zone metrics as a standalone process. */
class DaemonTest {

  @Test
  void daemonExportsZoneMetrics() throws Exception {
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-jar", AgentOtlpHttpTest.AGENT.toString(), "daemon",
          "otel.exporter.otlp.endpoint=" + receiver.endpoint(), "otel.metric.export.interval=300")
          .inheritIO().start();
      try {
        ExportMetricsServiceRequest req = receiver.metrics.poll(30, TimeUnit.SECONDS);
        assertNotNull(req, "daemon exported nothing");
        assertTrue(req.toString().contains("linux.memory.zone.watermark"));
        assertTrue(p.isAlive(), "daemon keeps running");
      } finally {
        p.destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "daemon stops on SIGTERM");
      }
    }
  }
}
