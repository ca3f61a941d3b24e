package io.mmlens.agent;

import io.mmlens.core.procfs.PageSize;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.otel.ZoneMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.logging.SystemOutLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.instrument.Instrumentation;
import java.time.Duration;

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
    SdkMeterProviderBuilder builder = SdkMeterProvider.builder().setResource(resource);
    // comma-separated like OTel autoconfigure: otlp, prometheus, console, none
    for (String exporter : cfg.metricsExporter().split(",")) {
      switch (exporter.trim()) {
        case "otlp":
          OtlpHttpMetricExporter otlp =
              OtlpHttpMetricExporter.builder().setEndpoint(cfg.metricsEndpoint())
                  .setTimeout(cfg.exportTimeout())
                  // no in-export retries: the next interval re-sends cumulative values anyway, and
                  // retries against a dead endpoint would stretch the exit flush
                  .setRetryPolicy(null).build();
          builder.registerMetricReader(PeriodicMetricReader.builder(
              new LogOnceMetricExporter(otlp, cfg.metricsEndpoint()))
              .setInterval(cfg.exportInterval()).build());
          break;
        case "console":
          builder.registerMetricReader(PeriodicMetricReader.builder(LoggingMetricExporter.create())
              .setInterval(cfg.exportInterval()).build());
          break;
        case "prometheus":
          PrometheusHttpServer server = PrometheusHttpServer.builder()
              .setHost(cfg.prometheusHost()).setPort(cfg.prometheusPort()).build();
          builder.registerMetricReader(server);
          System.err.println("mmlens: Prometheus endpoint on http://" + cfg.prometheusHost() + ":"
              + cfg.prometheusPort() + "/metrics");
          break;
        case "none":
          break;
        default:
          System.err.println("mmlens: otel.metrics.exporter=" + exporter
              + " is not one of otlp, prometheus, console, none; ignored");
      }
    }
    SdkMeterProvider provider = builder.build();
    SnapshotReader reader = new SnapshotReader(new ProcFs()).pageSize(PageSize.detect(System.err))
        .includePagetypeinfo(cfg.pagetypeinfo());
    new ZoneMetrics(provider.get("io.mmlens.agent"), reader::read);
    SdkLoggerProvider logs = logs(cfg, resource);
    if (logs != null && cfg.kmsg()) {
      new KernelEvents(logs.get("io.mmlens.agent")).start();
    }
    if (logs != null && inst != null && cfg.jvmSymptoms()) {
      try {
        SymptomInstaller.install(inst);
        new JvmSymptoms(logs.get("io.mmlens.agent"), reader).start();
      } catch (Throwable t) {
        System.err.println("mmlens: JVM symptom hooks not installed: " + t);
      }
    }
    // bounded: PeriodicMetricReader.shutdown() itself blocks (scheduler await + final export),
    // so it runs on a daemon thread and the JVM's exit waits only briefly: host metrics at exit
    // are worth less than the application's shutdown time
    long waitMs = Math.min(cfg.exportTimeout().toMillis(),
        Long.parseLong(cfg.get("mmlens.shutdown.flush.ms", "200")));
    Thread hook = new Thread(() -> {
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
    String exporter = cfg.logsExporter().trim();
    if (exporter.equals("none")) {
      return null;
    }
    LogRecordExporter out;
    if (exporter.equals("console")) {
      out = SystemOutLogRecordExporter.create();
    } else if (exporter.equals("otlp")) {
      out = OtlpHttpLogRecordExporter.builder()
          .setEndpoint(cfg.logsEndpoint()).setTimeout(cfg.exportTimeout()).build();
    } else {
      System.err.println("mmlens: otel.logs.exporter=" + exporter
          + " is not one of otlp, console, none; log records off");
      return null;
    }
    return SdkLoggerProvider.builder().setResource(resource)
        // reports are rare and urgent: export within a second instead of the SDK's 5 s default
        .addLogRecordProcessor(BatchLogRecordProcessor.builder(out)
            .setScheduleDelay(Duration.ofSeconds(1)).build())
        .build();
  }
}
