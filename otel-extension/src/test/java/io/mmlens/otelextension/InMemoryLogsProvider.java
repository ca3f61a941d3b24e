package io.mmlens.otelextension;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.logs.ConfigurableLogRecordExporterProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;

/** {@code otel.logs.exporter=mmlens-test}: a log exporter as the agent has one, kept in memory. */
public final class InMemoryLogsProvider implements ConfigurableLogRecordExporterProvider {

  /** The exporter of the SDK built last (closing an SDK shuts its exporter down). */
  static volatile InMemoryLogRecordExporter last;

  @Override
  public LogRecordExporter createExporter(ConfigProperties config) {
    last = InMemoryLogRecordExporter.create();
    return last;
  }

  @Override
  public String getName() {
    return "mmlens-test";
  }
}
