package io.mmlens.otelextension;

import io.mmlens.core.procfs.PageSize;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.otel.KernelEvents;
import io.mmlens.otel.PageSizeGauge;
import io.mmlens.otel.ZoneMetrics;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.LogLimitsBuilder;

/**
 * What the extension does, behind its two Java 8 entry classes: registers the mmlens metrics and
 * the kernel-event follower on the OpenTelemetry Java agent's SDK, and adapts its autoconfigure.
 */
final class ExtensionRuntime {

  /** Attributes a report record may carry: the standalone agent's limit (a zone dump has hundreds). */
  static final int REPORT_ATTRIBUTES = 1024;

  /**
   * The agent's resolved configuration, set while it autoconfigures its SDK and read in
   * afterAgent. Static because the agent instantiates each SPI class on its own; both live in
   * this jar's one class loader.
   */
  private static volatile ConfigProperties config;

  private ExtensionRuntime() {}

  /** {@link MmlensCustomizerProvider#customize}. */
  static void customize(AutoConfigurationCustomizer c) {
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

  /** {@link MmlensAgentListener#afterAgent}; never throws. */
  static void afterAgent(AutoConfiguredOpenTelemetrySdk sdk) {
    try {
      start(sdk.getOpenTelemetrySdk(), new ExtensionConfig(config));
    } catch (Throwable t) { // the host application must start whatever happens here
      say("extension not started: " + t);
    }
  }

  /** Registers everything on {@code sdk}; returns the kernel-event follower, or null when off. */
  static KernelEvents start(OpenTelemetrySdk sdk, ExtensionConfig cfg) {
    if (cfg.sdkDisabled()) {
      return null;
    }
    // no sysconf here: JNA stays in the standalone agent
    PageSize.Detected page = PageSize.detectWithSource(System.err);
    SnapshotReader reader = ZoneMetrics.forMetrics(new SnapshotReader(new ProcFs())
        .pageSize(page.bytes).includePagetypeinfo(cfg.pagetypeinfo()));
    // the standalone agent's scope name: one query finds the metrics whichever way they came
    Meter meter = sdk.getMeterProvider().get(ZoneMetrics.SCOPE);
    new ZoneMetrics(meter, reader::read);
    PageSizeGauge.register(meter, page.bytes, page.source);
    if (!cfg.kmsg() || !cfg.logsExported()) {
      return null;
    }
    KernelEvents kmsg = new KernelEvents(sdk.getSdkLoggerProvider().get(ZoneMetrics.SCOPE));
    kmsg.start();
    // wakes the read blocked in /dev/kmsg: HotSpot's exit waits up to 300 ms for threads in
    // native code, which would delay every host JVM's exit
    Thread hook = new Thread(kmsg::close, "mmlens-kmsg-shutdown");
    hook.setDaemon(true);
    Runtime.getRuntime().addShutdownHook(hook);
    return kmsg;
  }

  /** One line on stderr, as the standalone agent says things (the host's logging is not ours). */
  static void say(String msg) {
    System.err.println("mmlens: " + msg);
  }
}
