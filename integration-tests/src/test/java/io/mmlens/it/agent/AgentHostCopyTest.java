package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host whose class path carries its own, different mmlens-core (here a ProcFs with nothing in
 * it, first on the class path) still gets the agent's metrics: the agent's copy is relocated.
 */
class AgentHostCopyTest {

  @Test
  void hostsOwnMmlensCoreDoesNotBreakTheAgent(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src/io/mmlens/core/procfs/ProcFs.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, "package io.mmlens.core.procfs;\n"
        + "/** The host's own, older copy: none of the agent's methods. */\n"
        + "public final class ProcFs {}\n", StandardCharsets.UTF_8);
    Path classes = dir.resolve("classes");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null,
        "-d", classes.toString(), src.toString()));
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      String hostCp = classes + File.pathSeparator
          + Paths.get("target/test-classes").toAbsolutePath();
      Process p = new ProcessBuilder(java, "-javaagent:" + AgentOtlpHttpTest.AGENT,
          "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
          "-Dotel.metric.export.interval=300", "-cp", hostCp,
          SleepingApp.class.getName(), "120000").redirectErrorStream(true)
          .redirectOutput(dir.resolve("out.txt").toFile()).start();
      ExportMetricsServiceRequest req;
      try {
        req = receiver.metrics.poll(60, TimeUnit.SECONDS);
      } finally {
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      }
      String out = Files.readString(dir.resolve("out.txt"));
      assertNotNull(req, () -> "no metrics with the host's own mmlens-core first: " + out);
      List<Metric> all = new ArrayList<>();
      for (ResourceMetrics rm : req.getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          all.addAll(sm.getMetricsList());
        }
      }
      assertEquals("{page}", AgentOtlpHttpTest.find(all, "linux.memory.zone.watermark").getUnit());
      assertTrue(!out.contains("Error") && !out.contains("Exception"), out);
    }
  }
}
