package io.mmlens.bootstrap;

import java.util.function.Consumer;

/**
 * Called from advice inlined into JDK methods, so the agent defines it inside java.base as
 * {@code jdk.internal.misc.MmlensSymptomHook} (see SymptomInstaller). It filters cheaply, never
 * throws, and never re-enters: the handler itself may start threads or allocate direct buffers.
 */
public final class SymptomHook {

  private static volatile Consumer<Throwable> handler;
  private static final ThreadLocal<Boolean> BUSY = new ThreadLocal<>();

  private SymptomHook() {}

  /** Installed once by the agent. */
  public static void setHandler(Consumer<Throwable> h) {
    handler = h;
  }

  /** A JDK method we watch threw {@code t}; hands the memory-related ones to the agent. */
  public static void thrown(Throwable t) {
    Consumer<Throwable> h = handler;
    if (h == null || t == null || BUSY.get() != null || !memoryRelated(t)) {
      return;
    }
    BUSY.set(Boolean.TRUE);
    try {
      h.accept(t);
    } catch (Throwable ignored) {
      // the host's own exception must propagate untouched, whatever happens here
    } finally {
      BUSY.remove();
    }
  }

  /**
   * The four symptoms memory limits explain: a cheap pre-filter mirroring core's
   * {@code JvmSymptom.of}, which the bootstrap loader cannot see (core is on the agent's path).
   */
  public static boolean memoryRelated(Throwable t) {
    String m = t.getMessage();
    if (m == null) {
      return false;
    }
    if (t instanceof OutOfMemoryError) {
      return m.contains("unable to create native thread") || m.contains("Direct buffer memory")
          || m.contains("direct buffer memory") || m.contains("Map failed");
    }
    return t instanceof java.io.IOException && (m.contains("error=12,") || m.contains("error: 12 (")
        || m.startsWith("Map failed"));
  }
}
