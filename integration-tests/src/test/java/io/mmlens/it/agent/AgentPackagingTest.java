package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** The built agent jar bundles nothing under a third-party name and declares its entry points. */
class AgentPackagingTest {

  @Test
  void everyBundledClassIsUnderIoMmlens() throws Exception {
    List<String> foreign = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(AgentOtlpHttpTest.AGENT.toFile())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String n = e.nextElement().getName();
        String inner = n.startsWith("META-INF/versions/") ? n.replaceFirst("META-INF/versions/\\d+/", "") : n;
        if (n.endsWith(".class")) {
          classes++;
          if (!inner.startsWith("io/mmlens/")) {
            foreign.add(n);
          }
        }
      }
      try (InputStream in = jar.getInputStream(jar.getEntry("io/mmlens/agent/Premain.class"))) {
        byte[] head = in.readNBytes(8);
        assertEquals(52, ((head[6] & 0xff) << 8) | (head[7] & 0xff), "Premain is Java 8 bytecode");
      }
      Manifest mf = jar.getManifest();
      assertEquals("io.mmlens.agent.Premain", mf.getMainAttributes().getValue("Premain-Class"));
      assertEquals("io.mmlens.agent.Premain", mf.getMainAttributes().getValue("Agent-Class"));
      assertEquals("true", mf.getMainAttributes().getValue("Can-Retransform-Classes"));
    }
    assertTrue(classes > 500, "the SDK is bundled: " + classes);
    assertEquals(List.of(), foreign);
  }

  /** One class of every library the jar bundles, under its original name. */
  private static final String[] BUNDLED = {"io.opentelemetry.api.OpenTelemetry",
      "io.opentelemetry.sdk.metrics.SdkMeterProvider", "net.bytebuddy.ByteBuddy",
      "okhttp3.OkHttpClient", "okio.Buffer", "kotlin.Unit",
      "com.sun.jna.Native"};

  @Test
  void applicationCannotSeeTheBundledSdkUnderItsOriginalName() throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-javaagent:" + AgentOtlpHttpTest.AGENT,
        "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:9", "-Dotel.metric.export.interval=60000",
        "-cp", System.getProperty("java.class.path").split(File.pathSeparator)[0],
        VisibilityApp.class.getName(), String.join(" ", BUNDLED), "io.mmlens.agent.Premain")
        .redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    for (String bundled : BUNDLED) {
      assertTrue(out.contains("HIDDEN " + bundled), out);
    }
    // proves the probe can see agent classes at all, so HIDDEN above is meaningful
    assertTrue(out.contains("VISIBLE io.mmlens.agent.Premain"), out);
  }
}
