package io.mmlens.otelextension;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.LogLimitsBuilder;

/**
 * Hands the agent's resolved configuration to {@link MmlensAgentListener} and lets kernel-report
 * log records keep all their fields (the SDK keeps 128 attributes by default).
 */
public final class MmlensCustomizerProvider implements AutoConfigurationCustomizerProvider {

  /**
   * Set while the agent autoconfigures its SDK, read in afterAgent. Static because the agent
   * instantiates each SPI class on its own; both live in this jar's one class loader.
   */
  private static volatile ConfigProperties config;

  /** Attributes a report record may carry: the standalone agent's limit (a zone dump has hundreds). */
  static final int REPORT_ATTRIBUTES = 1024;

  @Override
  public void customize(AutoConfigurationCustomizer c) {
    // the configuration as finally resolved (after every properties customizer)
    c.addMeterProviderCustomizer((builder, props) -> {
      config = props;
      return builder;
    });
    c.addLoggerProviderCustomizer((builder, props) -> {
      LogLimits limits = reportLimits(new ExtensionConfig(props));
      return limits == null ? builder : builder.setLogLimits(() -> limits);
    });
  }

  /**
   * The log limits that let a report record keep its fields, or null to leave the agent's: only
   * when mmlens emits reports and the user did not set otel.attribute.count.limit (theirs wins).
   */
  static LogLimits reportLimits(ExtensionConfig cfg) {
    if (!cfg.kmsg() || !cfg.logsExported() || cfg.attributeCountLimit() != null) {
      return null;
    }
    LogLimitsBuilder limits = LogLimits.builder().setMaxNumberOfAttributes(REPORT_ATTRIBUTES);
    Integer length = cfg.attributeValueLengthLimit();
    if (length != null) {
      limits.setMaxAttributeValueLength(length);
    }
    return limits.build();
  }

  /** The agent's configuration, or null when it was not built by autoconfigure properties. */
  static ConfigProperties config() {
    return config;
  }
}
