package io.mmlens.otelextension;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;

/**
 * Hands the agent's resolved configuration to {@link MmlensAgentListener} and lets kernel-report
 * log records keep all their fields (the SDK keeps 128 attributes by default). Compiled for
 * Java 8 like the listener; on an older JVM it does nothing.
 */
public final class MmlensCustomizerProvider implements AutoConfigurationCustomizerProvider {

  @Override
  public void customize(AutoConfigurationCustomizer c) {
    if (tooOld()) {
      return;
    }
    try {
      ExtensionRuntime.customize(c);
    } catch (Throwable t) { // the agent's SDK must come up whatever happens here
      System.err.println("mmlens: extension not started: " + t);
    }
  }

  /** Below Java 11 the rest of the jar (release 11 bytecode) cannot load. */
  static boolean tooOld() {
    String spec = System.getProperty("java.specification.version", "");
    return spec.startsWith("1.") || spec.equals("9") || spec.equals("10");
  }
}
