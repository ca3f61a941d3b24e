package io.mmlens.agent;

import java.lang.instrument.Instrumentation;

/**
 * Java agent entry: returns at once and starts the exporter on a daemon thread so the
 * application's startup never waits for /proc reads or network. Compiled for Java 8 so older
 * JVMs get one line instead of a stack trace.
 */
public final class Premain {

  private Premain() {}

  /** {@code -javaagent:mmlens-agent.jar[=key=value,...]}. */
  public static void premain(String args, Instrumentation inst) {
    start(args, inst);
  }

  /** Dynamic attach. */
  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst);
  }

  private static void start(final String args, final Instrumentation inst) {
    String spec = System.getProperty("java.specification.version", "");
    if (spec.startsWith("1.") || spec.equals("9") || spec.equals("10")) {
      System.err.println("mmlens: agent needs Java 11 or later (this is " + spec + "); not started");
      return;
    }
    Thread t = new Thread(() -> AgentRuntime.startQuietly(args, inst), "mmlens-agent-start");
    t.setDaemon(true);
    t.start();
  }
}
