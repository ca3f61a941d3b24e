package io.mmlens.otelextension;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.Locale;

/**
 * The mmlens switches as the OpenTelemetry agent resolves them (its ConfigProperties: system
 * properties, OTEL_ and MMLENS_ environment, otel.javaagent.configuration-file), with the same
 * names and defaults as the standalone agent's {@code AgentConfig}.
 */
final class ExtensionConfig {

  /** Null when the agent was configured without ConfigProperties (declarative config file). */
  private final ConfigProperties config;

  ExtensionConfig(ConfigProperties config) {
    this.config = config;
  }

  /** otel.sdk.disabled: the agent's SDK is a no-op, so mmlens starts nothing either. */
  boolean sdkDisabled() {
    return Boolean.parseBoolean(get("otel.sdk.disabled", "false"));
  }

  /** mmlens.kmsg.enabled: follow /dev/kmsg and emit one log record per kernel report. */
  boolean kmsg() {
    return Boolean.parseBoolean(get("mmlens.kmsg.enabled", "true"));
  }

  /** mmlens.pagetypeinfo.enabled: per-migratetype free blocks (root-only, takes the zone lock). */
  boolean pagetypeinfo() {
    return Boolean.parseBoolean(get("mmlens.pagetypeinfo.enabled", "false"));
  }

  /** otel.logs.exporter: with {@code none} the agent drops every record, so kmsg is not read. */
  boolean logsExported() {
    return !get("otel.logs.exporter", "otlp").trim().toLowerCase(Locale.ROOT).equals("none");
  }

  /** otel.attribute.count.limit as the user set it, or null (the SDK default of 128 applies). */
  Integer attributeCountLimit() {
    String v = get("otel.attribute.count.limit", null);
    return v == null ? null : Integer.valueOf(v.trim());
  }

  /** otel.attribute.value.length.limit as the user set it, or null (unlimited). */
  Integer attributeValueLengthLimit() {
    String v = get("otel.attribute.value.length.limit", null);
    return v == null ? null : Integer.valueOf(v.trim());
  }

  String get(String key, String def) {
    String v;
    if (config != null) {
      v = config.getString(key);
    } else {
      // the same lookup order as OTel autoconfigure: system property, then environment
      v = System.getProperty(key);
      if (v == null) {
        v = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
      }
    }
    return v == null || v.isEmpty() ? def : v;
  }
}
