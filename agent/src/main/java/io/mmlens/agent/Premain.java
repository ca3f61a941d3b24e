package io.mmlens.agent;

import java.lang.instrument.Instrumentation;

/**
 * Java agent entry: returns at once and starts the exporter on a daemon thread so the
 * application's startup never waits for /proc reads or network.
 */
public final class Premain {

  private Premain() {}

  /** {@code -javaagent:mmlens-agent.jar[=key=value,...]}. */
  public static void premain(String args, Instrumentation inst) {
    start(args);
  }

  /** Dynamic attach. */
  public static void agentmain(String args, Instrumentation inst) {
    start(args);
  }

  private static void start(String args) {
    Thread t = new Thread(() -> AgentRuntime.startQuietly(args), "mmlens-agent-start");
    t.setDaemon(true);
    t.start();
  }
}
