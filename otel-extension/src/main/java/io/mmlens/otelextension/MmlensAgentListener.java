package io.mmlens.otelextension;

import io.mmlens.core.procfs.PageSize;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.otel.KernelEvents;
import io.mmlens.otel.PageSizeGauge;
import io.mmlens.otel.ZoneMetrics;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.javaagent.extension.AgentListener;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.nio.file.Paths;

/**
 * Registers the mmlens metrics (and, when /dev/kmsg is readable, kernel-report log records) on
 * the OpenTelemetry Java agent's own SDK once the agent has built it.
 */
public final class MmlensAgentListener implements AgentListener {

  @Override
  public void afterAgent(AutoConfiguredOpenTelemetrySdk sdk) {
    try {
      start(sdk.getOpenTelemetrySdk(), new ExtensionConfig(MmlensCustomizerProvider.config()));
    } catch (Throwable t) { // the host application must start whatever happens here
      say("extension not started: " + t);
    }
  }

  /** Registers everything on {@code sdk}; returns the kernel-event follower, or null when off. */
  static KernelEvents start(OpenTelemetrySdk sdk, ExtensionConfig cfg) {
    if (cfg.sdkDisabled()) {
      return null;
    }
    int pageSize = 4096;
    String source = "default";
    try {
      long v = PageSize.fromAuxvFile(Paths.get("/proc/self/auxv"));
      if (v > 0) {
        pageSize = (int) v;
        source = "auxv"; // no sysconf: JNA stays in the standalone agent
      } else {
        say("page size assumed 4096 (no AT_PAGESZ in /proc/self/auxv)");
      }
    } catch (Exception e) {
      say("page size assumed 4096 (/proc/self/auxv: " + e + ")");
    }
    SnapshotReader reader = new SnapshotReader(new ProcFs()).pageSize(pageSize)
        .includePagetypeinfo(cfg.pagetypeinfo());
    // the standalone agent's scope name: one query finds the metrics whichever way they came
    Meter meter = sdk.getMeterProvider().get(ZoneMetrics.SCOPE);
    new ZoneMetrics(meter, reader::read);
    PageSizeGauge.register(meter, pageSize, source);
    if (!cfg.kmsg() || !cfg.logsExported()) {
      return null;
    }
    KernelEvents kmsg = new KernelEvents(sdk.getSdkLoggerProvider().get(ZoneMetrics.SCOPE));
    kmsg.start();
    // wakes the read blocked in /dev/kmsg: HotSpot's exit waits up to 300 ms for threads in
    // native code, which would delay every host JVM's exit
    Thread hook = new Thread(kmsg::close, "mmlens-kmsg-shutdown");
    hook.setDaemon(true);
    Runtime.getRuntime().addShutdownHook(hook);
    return kmsg;
  }

  /** One line on stderr, as the standalone agent says things (the host's logging is not ours). */
  static void say(String msg) {
    System.err.println("mmlens: " + msg);
  }
}
