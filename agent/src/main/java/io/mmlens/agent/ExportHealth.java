package io.mmlens.agent;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reports a failing export destination once, and its recovery once, instead of one line (or the
 * SDK's stack trace) per export.
 */
final class ExportHealth {

  private final String what;
  private final AtomicBoolean failing = new AtomicBoolean();

  /** @param what e.g. {@code "metrics export to http://localhost:4318/v1/metrics"} */
  ExportHealth(String what) {
    this.what = what;
  }

  /** Watches one export's result; returns it unchanged. */
  CompletableResultCode track(CompletableResultCode r) {
    r.whenComplete(() -> {
      if (r.isSuccess()) {
        if (failing.compareAndSet(true, false)) {
          System.err.println("mmlens: " + what + " recovered");
        }
      } else if (failing.compareAndSet(false, true)) {
        Throwable t = r.getFailureThrowable();
        System.err.println("mmlens: " + what + " failing"
            + (t == null ? "" : ": " + t) + " (reported once until it recovers)");
      }
    });
    return r;
  }
}
