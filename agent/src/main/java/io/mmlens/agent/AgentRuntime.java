package io.mmlens.agent;

import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.otel.KernelEvents;
import io.mmlens.otel.PageSizeGauge;
import io.mmlens.otel.ZoneMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.logging.SystemOutLogRecordExporter;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.instrument.Instrumentation;

/** Builds the agent (or daemon)'s private meter provider and registers the mmlens metrics on it. */
public final class AgentRuntime {

  private AgentRuntime() {}

  /** Never throws: the agent must not break the application. */
  static void startQuietly(String args, Instrumentation inst) {
    try {
      start(new AgentConfig(args, System.getenv()), inst);
    } catch (Throwable t) {
      System.err.println("mmlens: agent not started: " + t);
    }
  }

  /** The exporter without JVM instrumentation ({@code mmlens daemon}). */
  public static SdkMeterProvider start(AgentConfig cfg) {
    return start(cfg, null);
  }

  /** The exporter; with {@code inst}, also the JVM-symptom hooks (unless mmlens.jvm_symptoms.enabled=false). */
  static SdkMeterProvider start(AgentConfig cfg, Instrumentation inst) {
    AttributesBuilder attrs = Attributes.builder();
    cfg.resourceAttributes().forEach((k, v) -> attrs.put(AttributeKey.stringKey(k), v));
    Resource resource = Resource.getDefault().merge(Resource.create(attrs.build()));
    LogOnceMetricExporter.silenceSdkLogging();
    NativePageSize page = NativePageSize.resolve(cfg, inst);
    SdkLoggerProvider logs = logs(cfg, resource);
    KernelEvents kernel = null;
    if (logs != null && cfg.kmsg()) {
      kernel = new KernelEvents(logs.get(ZoneMetrics.SCOPE));
      kernel.start();
    }
    KernelEvents kmsg = kernel;
    // hooks before metrics: once the first metrics export arrives, the hooks are in place
    if (logs != null && inst != null && cfg.jvmSymptoms()) {
      try {
        // a full reader: the symptom summary also reads meminfo (commit limit)
        SnapshotReader full = new SnapshotReader(new ProcFs()).pageSize(page.bytes)
            .includePagetypeinfo(cfg.pagetypeinfo());
        JvmSymptoms symptoms = new JvmSymptoms(logs.get(ZoneMetrics.SCOPE), full, new ProcFs());
        symptoms.start();
        SymptomInstaller.install(inst, symptoms::offer);
      } catch (Throwable t) {
        say("JVM symptom hooks not installed: " + t);
      }
    }
    SdkMeterProviderBuilder builder = SdkMeterProvider.builder().setResource(resource);
    MetricReaders.register(cfg, builder, AgentRuntime::say);
    SdkMeterProvider provider = builder.build();
    Meter meter = provider.get(ZoneMetrics.SCOPE);
    // only the files the instruments use
    SnapshotReader metrics = ZoneMetrics.forMetrics(new SnapshotReader(new ProcFs())
        .pageSize(page.bytes).includePagetypeinfo(cfg.pagetypeinfo()));
    new ZoneMetrics(meter, metrics::read);
    PageSizeGauge.register(meter, page.bytes, page.source);
    // bounded: PeriodicMetricReader.shutdown() itself blocks (scheduler await + final export),
    // so it runs on a daemon thread and the JVM's exit waits only briefly: host metrics at exit
    // are worth less than the application's shutdown time
    long waitMs = Math.min(cfg.exportTimeout().toMillis(),
        Long.parseLong(cfg.get("mmlens.shutdown.flush.ms", "200")));
    Thread hook = new Thread(() -> {
      if (kmsg != null) {
        // wakes the read blocked in /dev/kmsg: HotSpot's exit waits up to 300 ms for threads
        // in native code, which made every host JVM exit that much later
        kmsg.close();
      }
      if (waitMs <= 0) {
        return; // join(0) would wait forever; 0 means "no exit flush"
      }
      Thread flush = new Thread(() -> {
        if (logs != null) {
          logs.shutdown(); // exports the reports still queued
        }
        provider.shutdown();
      }, "mmlens-agent-flush");
      flush.setDaemon(true);
      flush.start();
      try {
        flush.join(waitMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "mmlens-agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return provider;
  }

  /** Log records (kernel reports, JVM symptoms) over OTLP or to the console; null when off. */
  private static SdkLoggerProvider logs(AgentConfig cfg, Resource resource) {
    String exporter = cfg.logsExporter().trim().toLowerCase(java.util.Locale.ROOT);
    LogRecordExporter out;
    if (exporter.equals("none")) {
      return null;
    } else if (exporter.equals("console") || exporter.equals("logging")) {
      out = SystemOutLogRecordExporter.create();
    } else if (exporter.equals("otlp")) {
      out = OtlpExporters.logs(cfg, AgentRuntime::say);
      if (out == null) {
        return null;
      }
    } else {
      say("otel.logs.exporter=" + exporter + " is not one of otlp, console, none; log records off");
      return null;
    }
    return SdkLoggerProvider.builder().setResource(resource)
        // a report with its zone dump has a few hundred fields; the SDK's default keeps 128
        .setLogLimits(() -> LogLimits.builder().setMaxNumberOfAttributes(1024).build())
        // kernel reports and JVM symptoms are rare and urgent: each is exported at once and
        // retried from a pre-started thread, since they come when memory or threads run out
        .addLogRecordProcessor(new RetryingLogRecordProcessor(out,
            Long.parseLong(cfg.get("mmlens.logs.retry.ms", "2000"))))
        .build();
  }

  /** One line on stderr, the agent's only output channel (the host's logging is not ours). */
  static void say(String msg) {
    System.err.println("mmlens: " + msg);
  }
}
