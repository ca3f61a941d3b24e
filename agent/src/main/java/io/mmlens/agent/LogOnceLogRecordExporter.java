package io.mmlens.agent;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.util.Collection;

/** Log-record exporter wrapper reporting an unreachable endpoint once (see {@link ExportHealth}). */
final class LogOnceLogRecordExporter implements LogRecordExporter {

  private final LogRecordExporter delegate;
  private final ExportHealth health;

  LogOnceLogRecordExporter(LogRecordExporter delegate, String endpoint) {
    this.delegate = delegate;
    this.health = new ExportHealth("log export to " + endpoint);
  }

  @Override
  public CompletableResultCode export(Collection<LogRecordData> logs) {
    return health.track(delegate.export(logs));
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
