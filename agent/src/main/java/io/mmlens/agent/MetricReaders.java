package io.mmlens.agent;

import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code otel.metrics.exporter} as in OTel autoconfigure: a comma list of {@code otlp},
 * {@code prometheus}, {@code console} (alias {@code logging}), {@code none}.
 */
final class MetricReaders {

  // kept strongly: JUL holds loggers weakly and would forget the level
  private static final Logger CONSOLE_LOGGER =
      Logger.getLogger(LoggingMetricExporter.class.getName());

  private MetricReaders() {}

  /** Registers one reader per configured exporter; returns how many. */
  static int register(AgentConfig cfg, SdkMeterProviderBuilder b, Consumer<String> log) {
    int n = 0;
    for (String raw : cfg.metricsExporter().split(",")) {
      String name = raw.trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "none":
        case "":
          break;
        case "otlp":
          MetricExporter otlp = OtlpExporters.metrics(cfg, log);
          if (otlp != null) {
            b.registerMetricReader(periodic(cfg, otlp, "metric-reader"));
            n++;
          }
          break;
        case "prometheus":
          try {
            PrometheusEndpoint p = new PrometheusEndpoint(cfg.prometheusHost(), cfg.prometheusPort());
            b.registerMetricReader(p);
            log.accept("Prometheus endpoint on http://" + cfg.prometheusHost() + ":" + p.port()
                + "/metrics");
            n++;
          } catch (IOException | RuntimeException e) { // e.g. the port is taken
            log.accept("Prometheus endpoint " + cfg.prometheusHost() + ":" + cfg.prometheusPort()
                + " not started: " + e);
          }
          break;
        case "console":
        case "logging":
          CONSOLE_LOGGER.setLevel(Level.INFO); // its parent (the relocated SDK) is silenced
          b.registerMetricReader(periodic(cfg, LoggingMetricExporter.create(), "console-reader"));
          n++;
          break;
        default:
          log.accept("otel.metrics.exporter=" + name
              + " is not one of otlp, prometheus, console, none; ignored");
      }
    }
    return n;
  }

  private static PeriodicMetricReader periodic(AgentConfig cfg, MetricExporter e, String role) {
    return PeriodicMetricReader.builder(e).setInterval(cfg.exportInterval())
        .setExecutor(AgentThreads.scheduler(role)).build();
  }
}
