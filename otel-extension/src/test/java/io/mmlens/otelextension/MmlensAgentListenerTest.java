package io.mmlens.otelextension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.procfs.PageSize;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.core.zone.ZoneState;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The extension's hooks on an SDK built by OTel autoconfigure, the way the Java agent builds its
 * own: the customizer provider is found through META-INF/services, the listener is called after.
 */
class MmlensAgentListenerTest {

  @Test
  void metricsOnTheAutoconfiguredSdkUnderTheStandaloneScope() throws Exception {
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    AutoConfiguredOpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> Map.of("otel.metrics.exporter", "none",
            "otel.traces.exporter", "none", "otel.logs.exporter", "none",
            "mmlens.kmsg.enabled", "false"))
        .addMeterProviderCustomizer((b, c) -> b.registerMetricReader(metrics))
        .build();
    try {
      // the agent's resolved configuration reached the extension through its SPI
      assertNotNull(ExtensionRuntime.config());
      assertEquals("false", ExtensionRuntime.config().getString("mmlens.kmsg.enabled"));
      new MmlensAgentListener().afterAgent(sdk);
      Collection<MetricData> all = metrics.collectAllMetrics();
      MetricData wm = find(all, "linux.memory.zone.watermark");
      assertEquals("io.mmlens.agent", wm.getInstrumentationScopeInfo().getName());
      assertEquals("{page}", wm.getUnit());
      int checked = 0;
      for (ZoneState z : new SnapshotReader(new ProcFs()).read().zones()) {
        assertEquals(z.min(), watermark(wm, z, "min"), "min of " + z.label());
        checked++;
      }
      assertTrue(checked > 0, "this machine has zones");
      MetricData page = find(all, "linux.memory.page.size");
      LongPointData p = page.getLongGaugeData().getPoints().iterator().next();
      assertEquals(PageSize.fromAuxvFile(Paths.get("/proc/self/auxv")), p.getValue());
      assertEquals("auxv", p.getAttributes().get(AttributeKey.stringKey("linux.memory.page.size.source")));
    } finally {
      sdk.getOpenTelemetrySdk().close();
    }
  }

  @Test
  void theAgentsLoggerProviderKeepsAReportsFields() {
    assertEquals(300, attributesKept(Map.of()));
    // the control: without the raise the SDK keeps its default 128
    assertEquals(128, attributesKept(Map.of("mmlens.kmsg.enabled", "false")));
  }

  /** Attributes left of a 300-attribute record (a global OOM report has several hundred). */
  private static int attributesKept(Map<String, String> extra) {
    Map<String, String> props = new HashMap<>(extra);
    props.putAll(Map.of("otel.metrics.exporter", "none", "otel.traces.exporter", "none",
        "otel.logs.exporter", "mmlens-test"));
    AutoConfiguredOpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> props).build();
    InMemoryLogRecordExporter logs = InMemoryLogsProvider.last;
    try {
      AttributesBuilder attrs = Attributes.builder();
      for (int i = 0; i < 300; i++) {
        attrs.put("linux.mm.f" + i, i);
      }
      sdk.getOpenTelemetrySdk().getSdkLoggerProvider().get("io.mmlens.agent").logRecordBuilder()
          .setAllAttributes(attrs.build()).emit();
      sdk.getOpenTelemetrySdk().getSdkLoggerProvider().forceFlush().join(10, TimeUnit.SECONDS);
      return logs.getFinishedLogRecordItems().get(0).getAttributes().size();
    } finally {
      sdk.getOpenTelemetrySdk().close();
    }
  }

  @Test
  void reportRecordsKeepTheirFieldsUnlessTheUserSetALimit() {
    LogLimits raised = ExtensionRuntime.reportLimits(config(Map.of()));
    assertEquals(ExtensionRuntime.REPORT_ATTRIBUTES, raised.getMaxNumberOfAttributes());
    assertEquals(Integer.MAX_VALUE, raised.getMaxAttributeValueLength());
    // the user's value length limit is kept when ours raises the count
    assertEquals(4096, ExtensionRuntime.reportLimits(
        config(Map.of("otel.attribute.value.length.limit", "4096"))).getMaxAttributeValueLength());
    assertNull(ExtensionRuntime.reportLimits(config(Map.of("otel.attribute.count.limit", "50"))));
    assertNull(ExtensionRuntime.reportLimits(config(Map.of("mmlens.kmsg.enabled", "false"))));
    assertNull(ExtensionRuntime.reportLimits(config(Map.of("otel.logs.exporter", "none"))));
  }

  @Test
  void switchesHaveTheStandaloneAgentsNamesAndDefaults() {
    ExtensionConfig defaults = config(Map.of());
    assertTrue(defaults.kmsg());
    assertEquals(false, defaults.pagetypeinfo());
    assertTrue(defaults.logsExported());
    ExtensionConfig set = config(Map.of("mmlens.pagetypeinfo.enabled", "true",
        "mmlens.kmsg.enabled", "false", "otel.sdk.disabled", "true"));
    assertTrue(set.pagetypeinfo());
    assertEquals(false, set.kmsg());
    assertTrue(set.sdkDisabled());
  }

  private static ExtensionConfig config(Map<String, String> props) {
    return new ExtensionConfig(DefaultConfigProperties.createFromMap(new HashMap<>(props)));
  }

  private static MetricData find(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("missing " + name));
  }

  private static long watermark(MetricData m, ZoneState z, String level) {
    for (LongPointData p : m.getLongGaugeData().getPoints()) {
      if (z.name().equals(p.getAttributes().get(AttributeKey.stringKey("linux.memory.zone")))
          && level.equals(p.getAttributes().get(AttributeKey.stringKey("linux.memory.watermark.level")))
          && java.util.Objects.equals(z.node() == null ? null : (long) z.node(),
              p.getAttributes().get(AttributeKey.longKey("linux.memory.numa.node")))) {
        return p.getValue();
      }
    }
    throw new AssertionError("no " + level + " point for " + z.label());
  }
}
