package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * As an unprivileged user (dmesg_restrict=1 keeps /dev/kmsg from nobody) the daemon says once why
 * kernel events are off, and its metrics still arrive.
 */
class AgentKmsgUnreadableTest {

  @Test
  void saysOnceAndKeepsExportingMetrics() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run as nobody");
    Assumptions.assumeTrue(java.nio.file.Files.readString(Paths.get("/proc/sys/kernel/dmesg_restrict")).trim().equals("1"),
        "dmesg_restrict is 0: nobody may read /dev/kmsg here");
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder("runuser", "-u", "nobody", "--", java, "-jar",
          AgentOtlpHttpTest.AGENT.toString(), "daemon",
          "otel.exporter.otlp.endpoint=" + receiver.endpoint(), "otel.metric.export.interval=300")
          .redirectErrorStream(true).start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread pump = new Thread(() -> {
        try (InputStream in = p.getInputStream()) {
          in.transferTo(out);
        } catch (Exception ignored) {
          // the process ends when the test stops it
        }
      });
      pump.start();
      try {
        ExportMetricsServiceRequest req = receiver.metrics.poll(60, TimeUnit.SECONDS); // runuser + JVM start on a busy box
        assertNotNull(req, "metrics keep flowing without /dev/kmsg");
      } finally {
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
        pump.join(5000);
      }
      String log = out.toString(StandardCharsets.UTF_8);
      assertTrue(log.contains("mmlens: /dev/kmsg not readable: "), log);
      assertTrue(log.contains("kernel memory events are off, metrics go on"), log);
      assertEquals(log.indexOf("/dev/kmsg not readable"), log.lastIndexOf("/dev/kmsg not readable"), log);
    }
  }
}
