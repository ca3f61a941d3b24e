package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
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
    Assumptions.assumeTrue(Files.readString(Paths.get("/proc/sys/kernel/dmesg_restrict")).trim().equals("1"),
        "dmesg_restrict is 0: nobody may read /dev/kmsg here");
    // nobody may not traverse the build tree (CI checks out under a root-only directory): run a
    // world-readable copy of the jar from its own directory under /tmp
    Path dir = Files.createTempDirectory(Paths.get("/tmp"), "mmlens-kmsg-it");
    Path jar = dir.resolve("mmlens-agent.jar");
    Files.copy(AgentOtlpHttpTest.AGENT, jar);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder("runuser", "-u", "nobody", "--", java, "-jar",
          jar.toString(), "daemon",
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
        if (req == null) {
          p.destroy();
          p.waitFor(20, TimeUnit.SECONDS);
          pump.join(5000);
        }
        assertNotNull(req, () -> "metrics keep flowing without /dev/kmsg; daemon said:\n"
            + out.toString(StandardCharsets.UTF_8));
      } finally {
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
        pump.join(5000);
        Files.deleteIfExists(jar);
        Files.deleteIfExists(dir);
      }
      String log = out.toString(StandardCharsets.UTF_8);
      assertTrue(log.contains("mmlens: /dev/kmsg not readable: "), log);
      assertTrue(log.contains("kernel memory events are off, metrics go on"), log);
      assertEquals(log.indexOf("/dev/kmsg not readable"), log.lastIndexOf("/dev/kmsg not readable"), log);
    }
  }
}
