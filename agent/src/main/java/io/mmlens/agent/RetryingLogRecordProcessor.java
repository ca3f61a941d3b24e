package io.mmlens.agent;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.util.Collections;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Exports each record at once (kernel reports and JVM symptoms are rare) and, when the export
 * fails, tries again a few times with growing delays from a pre-started thread: the records come
 * exactly when the host is short of memory or threads, which the export itself may need.
 */
final class RetryingLogRecordProcessor implements LogRecordProcessor {

  /** Attempts after the first: at 2, 4, 8, 16 and 32 s. */
  static final int RETRIES = 5;

  private final LogRecordExporter exporter;
  private final ScheduledExecutorService retries;
  private final long firstDelayMillis;

  RetryingLogRecordProcessor(LogRecordExporter exporter, long firstDelayMillis) {
    this.exporter = exporter;
    this.firstDelayMillis = firstDelayMillis;
    this.retries = AgentThreads.scheduler("log-retry");
  }

  @Override
  public void onEmit(Context context, ReadWriteLogRecord record) {
    export(record.toLogRecordData(), 0);
  }

  private void export(LogRecordData data, int attempt) {
    CompletableResultCode r;
    try {
      r = exporter.export(Collections.singletonList(data));
    } catch (Throwable t) { // e.g. OutOfMemoryError: unable to create native thread
      r = CompletableResultCode.ofFailure();
    }
    CompletableResultCode result = r;
    result.whenComplete(() -> {
      if (!result.isSuccess() && attempt < RETRIES && !retries.isShutdown()) {
        try {
          retries.schedule(() -> export(data, attempt + 1), firstDelayMillis << attempt,
              TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
          // shut down meanwhile: the record is dropped
        }
      }
    });
  }

  @Override
  public CompletableResultCode forceFlush() {
    return exporter.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    retries.shutdownNow();
    return exporter.shutdown();
  }
}
