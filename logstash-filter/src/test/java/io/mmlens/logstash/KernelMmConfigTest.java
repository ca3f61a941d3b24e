package io.mmlens.logstash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.logstash.api.LogstashPlugin;
import co.elastic.logstash.api.PluginConfigSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelMmConfigTest {

  private static KernelMm filter(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new KernelMm("kmm", TestPlugins.config(m), TestPlugins.context());
  }

  private static String rejected(Object... kv) {
    return assertThrows(IllegalArgumentException.class, () -> filter(kv)).getMessage();
  }

  @Test
  void schemaHasEveryOptionAndLogstashCommonSettings() {
    Set<String> names = new HashSet<>();
    for (PluginConfigSpec<?> s : filter().configSchema()) {
      assertTrue(names.add(s.name()), "declared twice: " + s.name());
    }
    assertEquals(
        new HashSet<>(Arrays.asList("source", "target", "kernel_release", "mode", "host_field",
            "max_report_lines", "report_timeout", "tag_on_failure", "report_lines",
            "add_field", "add_tag", "enable_metric", "id", "periodic_flush", "remove_field",
            "remove_tag")),
        names);
  }

  @Test
  void pluginNameMatchesClassNameAsLogstashRequires() {
    String name = KernelMm.class.getAnnotation(LogstashPlugin.class).name();
    assertEquals("kernel_mm", name);
    assertEquals(KernelMm.class.getSimpleName().toLowerCase(), name.replace("_", ""));
    assertEquals("kernel_mm", filter().getName());
    assertEquals("kmm", filter().getId());
  }

  @Test
  void defaults() {
    KernelMmSettings s = new KernelMmSettings(TestPlugins.config(Collections.emptyMap()));
    assertEquals("message", s.source);
    assertEquals("[linux][mm]", s.target);
    assertEquals("[host][name]", s.hostField);
    assertFalse(s.reportMode);
    assertEquals(20_000, s.maxReportLines);
    assertEquals(10_000, s.reportTimeoutMillis);
    assertEquals(Collections.singletonList("_kernel_mm_failure"), s.tagOnFailure);
    assertEquals("keep", s.reportLines);
    assertFalse(filter().requiresPeriodicFlush());
    assertTrue(filter("mode", "report").requiresPeriodicFlush());
  }

  @Test
  void invalidOptionsAreRejectedWithClearMessages() {
    assertEquals("kernel_mm: mode must be \"line\" or \"report\", got \"lines\"",
        rejected("mode", "lines"));
    assertEquals("kernel_mm: source must not be empty", rejected("source", " "));
    assertEquals("kernel_mm: target must not be empty", rejected("target", ""));
    assertEquals("kernel_mm: host_field must not be empty", rejected("host_field", ""));
    assertEquals("kernel_mm: max_report_lines must be between 1 and 1000000, got 0",
        rejected("max_report_lines", 0L));
    assertEquals("kernel_mm: report_timeout must be between 1 and 86400 seconds, got -5",
        rejected("report_timeout", -5L));
    assertEquals("kernel_mm: kernel_release must start with major.minor "
        + "(e.g. \"3.10.0-514.el7.x86_64\"), got \"el7\"", rejected("kernel_release", "el7"));
    assertEquals("kernel_mm: tag_on_failure must be a list of non-empty strings, got [ok, ]",
        rejected("tag_on_failure", Arrays.<Object>asList("ok", "")));
    assertEquals("kernel_mm: report_lines must be \"keep\", \"tag\" or \"drop\", got \"hide\"",
        rejected("mode", "report", "report_lines", "hide"));
    assertEquals("kernel_mm: report_lines => \"drop\" needs mode => \"report\"",
        rejected("report_lines", "drop"));
  }

  @Test
  void acceptedOptions() {
    KernelMmSettings s = new KernelMmSettings(TestPlugins.config(Map.of(
        "mode", "report", "kernel_release", "3.10.0-514.el7.x86_64", "max_report_lines", 500L,
        "report_timeout", 3L, "tag_on_failure", Arrays.<Object>asList("a", "b"),
        "report_lines", "drop", "target", "[kernel][report]")));
    assertTrue(s.reportMode);
    assertEquals("3.10.0-514.el7.x86_64", s.kernelRelease.text());
    assertEquals(500, s.maxReportLines);
    assertEquals(3_000, s.reportTimeoutMillis);
    assertEquals(Arrays.asList("a", "b"), s.tagOnFailure);
    assertEquals("[kernel][report]", s.target);
  }
}
