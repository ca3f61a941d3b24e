package io.mmlens.agent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's threads: daemons named {@code mmlens-<role>}, started up front. Exporting must not
 * need a new thread at the moment the host runs out of memory or threads (the JVM would also
 * print "Failed to start thread" warnings on the host's output).
 */
final class AgentThreads {

  private AgentThreads() {}

  static ThreadFactory factory(String role) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      int i = n.getAndIncrement();
      Thread t = new Thread(r, "mmlens-" + role + (i == 0 ? "" : "-" + i));
      t.setDaemon(true);
      return t;
    };
  }

  /** One pre-started thread, unbounded queue (OTLP sender callbacks; rare and short). */
  static ExecutorService single(String role) {
    ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), factory(role));
    e.prestartAllCoreThreads();
    return e;
  }

  /** One pre-started scheduler thread (the metric reader's interval). */
  static ScheduledExecutorService scheduler(String role) {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, factory(role));
    e.prestartAllCoreThreads();
    return e;
  }
}
