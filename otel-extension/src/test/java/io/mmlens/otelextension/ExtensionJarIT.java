package io.mmlens.otelextension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The built target/mmlens-otel-extension.jar: mmlens classes only (the agent supplies OTel; a
 * copy inside would shadow it in the extension's parent-first loader), core and otel-exporter
 * included, both service files naming classes that are in the jar.
 */
class ExtensionJarIT {

  static final Path JAR = Paths.get("target/mmlens-otel-extension.jar").toAbsolutePath();

  @Test
  void onlyMmlensClassesWithCoreAndExporterInside() throws Exception {
    List<String> foreign = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String n = e.nextElement().getName();
        names.add(n);
        if (n.endsWith(".class") && !n.startsWith("io/mmlens/")) {
          foreign.add(n);
        }
      }
      assertEquals(List.of(), foreign);
      for (String needed : new String[] {"io/mmlens/core/snapshot/SnapshotReader.class",
          "io/mmlens/otel/ZoneMetrics.class", "io/mmlens/otel/KernelEvents.class",
          "io/mmlens/otelextension/MmlensAgentListener.class"}) {
        assertTrue(names.contains(needed), needed);
      }
      // the agent instantiates these two on any JVM it runs on, Java 8 included
      assertEquals(52, major(jar, "io/mmlens/otelextension/MmlensAgentListener.class"));
      assertEquals(52, major(jar, "io/mmlens/otelextension/MmlensCustomizerProvider.class"));
      assertEquals(55, major(jar, "io/mmlens/otelextension/ExtensionRuntime.class"));
      assertEquals("io.mmlens.otelextension.MmlensAgentListener",
          service(jar, "io.opentelemetry.javaagent.extension.AgentListener"));
      assertEquals("io.mmlens.otelextension.MmlensCustomizerProvider",
          service(jar, "io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider"));
    }
  }

  private static int major(JarFile jar, String entry) throws Exception {
    try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
      byte[] head = in.readNBytes(8);
      return ((head[6] & 0xff) << 8) | (head[7] & 0xff);
    }
  }

  private static String service(JarFile jar, String spi) throws Exception {
    JarEntry e = jar.getJarEntry("META-INF/services/" + spi);
    assertNotNull(e, spi);
    try (InputStream in = jar.getInputStream(e)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }
}
