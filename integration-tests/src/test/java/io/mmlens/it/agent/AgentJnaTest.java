package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent gets the page size through JNA (sysconf) in its isolated loader: the value equals
 * {@code getconf PAGESIZE}, the host cannot load {@code com.sun.jna} classes, and nothing is
 * left in the user's cache or the temp directory.
 */
class AgentJnaTest {

  @Test
  void pageSizeFromSysconfWhileJnaStaysInvisible(@TempDir Path tmp) throws Exception {
    Path home = Files.createDirectory(tmp.resolve("home"));
    Path jnaBase = Files.createDirectory(tmp.resolve("jna-base"));
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-javaagent:" + AgentOtlpHttpTest.AGENT
          + "=mmlens.tmpdir=" + jnaBase,
          "-Duser.home=" + home, "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
          "-Dotel.metric.export.interval=300",
          "-cp", System.getProperty("java.class.path").split(File.pathSeparator)[0],
          JnaProbeApp.class.getName()).redirectErrorStream(true);
      pb.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
      Process p = pb.start();
      ExportMetricsServiceRequest req = receiver.metrics.poll(30, TimeUnit.SECONDS);
      assertNotNull(req, "agent exported nothing");
      try (OutputStream in = p.getOutputStream()) {
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
      }
      String out;
      try (InputStream o = p.getInputStream()) {
        out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertTrue(out.contains("app done"), out);
      NumberDataPoint page = pageSizePoint(req);
      assertEquals(getconf(), page.getAsInt(), "page size vs getconf PAGESIZE");
      assertEquals("sysconf", attr(page, "linux.memory.page.size.source"), "JNA was used");
      assertTrue(out.contains("HIDDEN com.sun.jna.Native"), out);
      assertTrue(out.contains("HIDDEN com.sun.jna.Platform"), out);
      // JNA's global switches were restored after its initialization
      assertTrue(out.contains("PROPERTY jna.tmpdir=null"), out);
      assertTrue(out.contains("PROPERTY jna.nounpack=null"), out);
      assertTrue(out.contains("PROPERTY jnidispatch.path=null"), out);
      assertTrue(out.contains("PROPERTY jna.platform.library.path=null"), out);
      // no JNA cleaner thread, and no ldconfig child process (its reaper thread) in the host
      assertFalse(out.contains("THREAD JNA Cleaner"), out);
      assertFalse(out.contains("THREAD process reaper"), out);
      assertFalse(out.contains("mmlens: page size"), "no fallback line: " + out);
      // the agent's threads are daemons named mmlens-*; none under a generic executor name
      assertTrue(out.contains("THREAD mmlens-metric-reader daemon=true"), out);
      for (String line : out.split("\n")) {
        if (line.startsWith("THREAD mmlens-")) {
          assertTrue(line.endsWith("daemon=true"), line);
        }
        assertFalse(line.startsWith("THREAD pool-") || line.startsWith("THREAD Thread-")
            || line.startsWith("THREAD OkHttp"), "unnamed thread: " + line);
      }
      // JDK 24+: no Unsafe (Byte Buddy) or restricted-method (JNA's System.load) warnings
      // JDK 17: no CDS "Sharing is only supported for boot loader classes" warning (the symptom
      // hook is defined inside java.base, not appended to the bootstrap class path)
      assertFalse(out.toLowerCase(Locale.ROOT).contains("warning"),
          "host output stays clean: " + out);
      assertFalse(Files.exists(home.resolve(".cache")), "JNA wrote into the user's cache");
      try (Stream<Path> s = Files.list(jnaBase)) {
        assertEquals(0, s.count(), "JNA's private directory was removed");
      }
    }
  }

  static long getconf() throws Exception {
    Process p = new ProcessBuilder("getconf", "PAGESIZE").start();
    String v;
    try (InputStream in = p.getInputStream()) {
      v = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    }
    assertEquals(0, p.waitFor());
    return Long.parseLong(v);
  }

  private static NumberDataPoint pageSizePoint(ExportMetricsServiceRequest req) {
    for (ResourceMetrics rm : req.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          if (m.getName().equals("linux.memory.page.size")) {
            assertEquals("By", m.getUnit());
            return m.getGauge().getDataPoints(0);
          }
        }
      }
    }
    throw new AssertionError("no linux.memory.page.size in " + req);
  }

  private static String attr(NumberDataPoint p, String key) {
    for (KeyValue kv : p.getAttributesList()) {
      if (kv.getKey().equals(key)) {
        return kv.getValue().getStringValue();
      }
    }
    return null;
  }
}
