package io.mmlens.otelextension;

import io.opentelemetry.javaagent.extension.AgentListener;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

/**
 * Registers the mmlens metrics (and, when /dev/kmsg is readable, kernel-report log records) on
 * the OpenTelemetry Java agent's own SDK once the agent has built it. Compiled for Java 8, as the
 * agent runs there too: an older JVM gets one line instead of a failing extension.
 */
public final class MmlensAgentListener implements AgentListener {

  @Override
  public void afterAgent(AutoConfiguredOpenTelemetrySdk sdk) {
    if (MmlensCustomizerProvider.tooOld()) {
      System.err.println("mmlens: the extension needs Java 11 or later (this is "
          + System.getProperty("java.specification.version") + "); not started");
      return;
    }
    try {
      ExtensionRuntime.afterAgent(sdk);
    } catch (Throwable t) { // a jar that cannot load must not take the agent or the host down
      System.err.println("mmlens: extension not started: " + t);
    }
  }
}
