package io.mmlens.otel;

import io.mmlens.core.kmsg.DevKmsgReader;
import io.mmlens.core.kmsg.KernelLogDecoder;
import io.opentelemetry.api.logs.Logger;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows /dev/kmsg from the agent's start, feeds core's streaming decoder and emits one log
 * record per decoded report. Unreadable /dev/kmsg (not root, no CAP_SYSLOG under
 * dmesg_restrict) is said once on stderr and the metrics go on without it. Shared by the
 * standalone agent and the OpenTelemetry-Java-agent extension (one implementation).
 */
public final class KernelEvents implements AutoCloseable {

  private final KernelLogDecoder decoder;
  private final DevKmsgReader reader;
  private final ScheduledExecutorService idle;
  /** The 1 s expiry tick; runs only while a report is open (guarded by {@code decoder}). */
  private ScheduledFuture<?> tick;

  /** Emits on {@code logger}; nothing is read before {@link #start()}. */
  public KernelEvents(Logger logger) {
    this(logger, DevKmsgReader.DEFAULT_PATH, DevKmsgReader.DEFAULT_QUIET_MILLIS);
  }

  /** Follows {@code kmsg} instead (tests: a FIFO). */
  KernelEvents(Logger logger, Path kmsg, long quietMillis) {
    ReportLogs logs = new ReportLogs(logger);
    this.decoder = new KernelLogDecoder("/dev/kmsg", null, r -> {
      try {
        logs.emit(r);
      } catch (RuntimeException e) {
        System.err.println("mmlens: kernel report not exported: " + e);
      }
    });
    this.reader = new DevKmsgReader(kmsg, quietMillis, this::line, this::status);
    // A report whose last line came long ago (no next record to end it) is emitted on idle time.
    // The thread exists only once a report opens: a tick every second on an idle host cost more
    // CPU (cold code, ~3 ms per 10 s) than the metrics collection itself.
    this.idle = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mmlens-kmsg-idle");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts the daemon thread {@code mmlens-kmsg} (reader); {@code mmlens-kmsg-idle} runs while a
   * report is being assembled.
   */
  public void start() {
    reader.start(r -> new Thread(r, "mmlens-kmsg"));
  }

  private void line(String line) {
    synchronized (decoder) {
      decoder.accept(line);
      if (tick == null && decoder.assembler().openReports() > 0 && !idle.isShutdown()) {
        try {
          tick = idle.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException closing) {
          // close() raced us: it flushes the open report itself
        }
      }
    }
  }

  private void expire() {
    synchronized (decoder) {
      decoder.expireIdle(System.currentTimeMillis());
      if (decoder.assembler().openReports() == 0 && tick != null) {
        tick.cancel(false);
        tick = null;
      }
    }
  }

  private void status(String message) {
    System.err.println("mmlens: /dev/kmsg " + message
        + (message.startsWith("not readable") ? "; kernel memory events are off, metrics go on" : ""));
    if (message.startsWith("not readable")) {
      idle.shutdown();
    }
  }

  /** Stops following /dev/kmsg (wakes the blocked read) and emits a report still being assembled. */
  @Override
  public void close() {
    reader.close();
    idle.shutdown();
    synchronized (decoder) {
      decoder.flush();
    }
  }
}
