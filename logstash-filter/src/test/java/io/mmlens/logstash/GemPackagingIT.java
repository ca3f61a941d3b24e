package io.mmlens.logstash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the built .gem (a tar of metadata.gz and data.tar.gz) and checks what Logstash's plugin
 * registry requires of a Java plugin, so a packaging regression fails the build.
 */
class GemPackagingIT {

  private static final String NAME = "logstash-filter-kernel_mm";
  private static String version;
  private static Map<String, byte[]> outer;
  private static Map<String, byte[]> data;
  private static String metadata;

  @BeforeAll
  static void unpack() throws IOException {
    version = System.getProperty("gem.version");
    byte[] gem = Files.readAllBytes(Paths.get(System.getProperty("gem.file")));
    outer = untar(gem);
    data = untar(gunzip(outer.get("data.tar.gz")));
    metadata = new String(gunzip(outer.get("metadata.gz")), StandardCharsets.UTF_8);
  }

  @Test
  void versionIsPlainNumeric() {
    assertTrue(version.matches("\\d+\\.\\d+\\.\\d+"), version);
    assertEquals(version + "\n", new String(data.get("VERSION"), StandardCharsets.UTF_8));
  }

  @Test
  void gemspecMetadataMarksAJavaFilterPlugin() {
    assertTrue(metadata.contains("name: " + NAME + "\n"), metadata);
    assertTrue(metadata.contains("platform: java\n"), metadata);
    assertTrue(metadata.contains("logstash_plugin: 'true'"), metadata);
    assertTrue(metadata.contains("logstash_group: filter"), metadata);
    assertTrue(metadata.contains("java_plugin: 'true'"), metadata);
    assertTrue(metadata.contains("- vendor/jar-dependencies\n"), metadata);
    assertTrue(metadata.contains("name: logstash-core-plugin-api"), metadata);
  }

  @Test
  void rubyFilesNameThePluginAndItsJar() {
    String rb = text("lib/logstash/filters/kernel_mm.rb");
    assertTrue(rb.contains("config_name 'kernel_mm'"), rb);
    assertTrue(rb.contains("class LogStash::Filters::KernelMm < LogStash::Filters::Base"), rb);
    assertTrue(rb.contains("Java::IoMmlensLogstash::KernelMm.java_class"), rb);
    String jars = text("lib/" + NAME + "_jars.rb");
    assertTrue(jars.contains("require_jar('io.mmlens', '" + NAME + "', '" + version + "')"), jars);
  }

  @Test
  void exactlyOneJarNamedAfterGemAndVersionWithCoreAndWithoutTheApi() throws IOException {
    List<String> jars = new ArrayList<>();
    for (String n : data.keySet()) {
      if (n.endsWith(".jar")) {
        jars.add(n);
      }
    }
    String expected = "vendor/jar-dependencies/io/mmlens/" + NAME + "/" + version + "/" + NAME
        + "-" + version + ".jar";
    assertEquals(List.of(expected), jars);
    List<String> classes = new ArrayList<>();
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(data.get(expected)))) {
      for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
        classes.add(e.getName());
        if (e.getName().endsWith(".class")) {
          byte[] head = in.readNBytes(8);
          // Java 11 bytecode (major 55): Logstash 7.17 to 8.4 bundle JDK 11.
          assertEquals(55, ((head[6] & 0xff) << 8) | (head[7] & 0xff), e.getName());
        }
      }
    }
    assertTrue(classes.contains("io/mmlens/logstash/KernelMm.class"));
    assertTrue(classes.contains("io/mmlens/core/kmsg/ReportAssembler.class"));
    for (String c : classes) {
      assertFalse(c.startsWith("co/elastic/logstash/"), c);
      assertFalse(c.startsWith("org/apache/logging/"), c);
      assertTrue(c.equals("io/") || c.startsWith("io/mmlens/") || c.startsWith("META-INF/"), c);
    }
  }

  private static String text(String name) {
    byte[] b = data.get(name);
    assertNotNull(b, name + " missing from the gem: " + data.keySet());
    return new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] gunzip(byte[] b) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
      return in.readAllBytes();
    }
  }

  /** Minimal ustar reader: 512-byte headers, name at 0 (+ prefix at 345), octal size at 124. */
  private static Map<String, byte[]> untar(byte[] tar) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    int pos = 0;
    while (pos + 512 <= tar.length && tar[pos] != 0) {
      String name = cString(tar, pos, 100);
      String prefix = cString(tar, pos + 345, 155);
      long size = Long.parseLong(cString(tar, pos + 124, 12).trim(), 8);
      char type = (char) tar[pos + 156];
      pos += 512;
      if (type == '0' || type == 0) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(tar, pos, (int) size);
        out.put(prefix.isEmpty() ? name : prefix + "/" + name, b.toByteArray());
      }
      pos += (int) ((size + 511) / 512 * 512);
    }
    return out;
  }

  private static String cString(byte[] b, int from, int max) {
    int end = from;
    while (end < from + max && b[end] != 0) {
      end++;
    }
    return new String(b, from, end - from, StandardCharsets.US_ASCII);
  }
}
