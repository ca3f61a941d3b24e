package io.mmlens.cli;

import io.mmlens.agent.AgentConfig;
import io.mmlens.agent.AgentRuntime;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mmlens daemon [k=v ...]}: the agent's exporter as a standalone process, configured like
 * the agent (arguments, then -D system properties, then OTEL_* environment); runs until killed.
 */
final class DaemonCommand {

  private DaemonCommand() {}

  static int run(String[] args) throws InterruptedException {
    AgentConfig cfg = new AgentConfig(String.join(",", args), System.getenv());
    SdkMeterProvider provider = AgentRuntime.start(cfg);
    if (provider == null) {
      return 1;
    }
    System.err.println("mmlens daemon: exporting to " + cfg.metricsEndpoint());
    new CountDownLatch(1).await(); // the shutdown hook registered by AgentRuntime flushes on SIGTERM
    return 0;
  }
}
