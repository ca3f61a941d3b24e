package io.mmlens.agent;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports an unreachable endpoint once, and its recovery once, instead of the SDK's per-export
 * stack traces (the relocated SDK's own loggers are silenced by {@link #silenceSdkLogging()}).
 */
final class LogOnceMetricExporter implements MetricExporter {

  // kept strongly: JUL holds loggers weakly and would forget the level
  private static final Logger SDK_LOGGER =
      Logger.getLogger(MetricExporter.class.getName().replace(".sdk.metrics.export.MetricExporter", ""));

  private final MetricExporter delegate;
  private final ExportHealth health;

  LogOnceMetricExporter(MetricExporter delegate, String endpoint) {
    this.delegate = delegate;
    this.health = new ExportHealth("metrics export to " + endpoint);
  }

  /** Turns off JUL output of the relocated OTel SDK only (its package is ours after shading). */
  static void silenceSdkLogging() {
    SDK_LOGGER.setLevel(Level.OFF);
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    return health.track(delegate.export(metrics));
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType type) {
    return delegate.getAggregationTemporality(type);
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType type) {
    return delegate.getDefaultAggregation(type);
  }

  @Override
  public MemoryMode getMemoryMode() {
    return delegate.getMemoryMode();
  }
}
