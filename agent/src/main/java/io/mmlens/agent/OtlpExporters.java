package io.mmlens.agent;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Map;

/**
 * OTLP exporters as {@code otel.exporter.otlp.*} configures them, over {@code http/protobuf}
 * (the agent's own {@link io.mmlens.agent.otlp.AgentHttpSender}) or {@code grpc} (OkHttp,
 * relocated). Every exporter sends from one pre-started {@code mmlens-otlp-*} thread.
 */
final class OtlpExporters {

  private OtlpExporters() {}

  /** The metrics exporter, or null (with the reason in one line) for an unknown protocol. */
  static MetricExporter metrics(AgentConfig cfg, java.util.function.Consumer<String> log) {
    String protocol = cfg.otlpProtocol("metrics");
    String endpoint = cfg.metricsEndpoint();
    Map<String, String> headers = cfg.otlpHeaders("metrics");
    String compression = cfg.otlpCompression("metrics");
    MetricExporter e;
    if (AgentConfig.GRPC.equals(protocol)) {
      OtlpGrpcMetricExporterBuilder b = OtlpGrpcMetricExporter.builder().setEndpoint(endpoint)
          .setTimeout(cfg.exportTimeout()).setCompression(compression)
          // no in-export retries: the next interval re-sends cumulative values anyway, and
          // retries against a dead endpoint would stretch the exit flush
          .setRetryPolicy(null).setExecutorService(AgentThreads.single("otlp-metrics"));
      headers.forEach(b::addHeader);
      e = b.build();
    } else if (AgentConfig.HTTP_PROTOBUF.equals(protocol)) {
      OtlpHttpMetricExporterBuilder b = OtlpHttpMetricExporter.builder().setEndpoint(endpoint)
          .setTimeout(cfg.exportTimeout()).setCompression(compression)
          .setRetryPolicy(null).setExecutorService(AgentThreads.single("otlp-metrics"));
      headers.forEach(b::addHeader);
      e = b.build();
    } else {
      log.accept(unknown(protocol) + "; OTLP metrics off");
      return null;
    }
    return new LogOnceMetricExporter(e, endpoint);
  }

  /** The log-record exporter, or null (with the reason in one line) for an unknown protocol. */
  static LogRecordExporter logs(AgentConfig cfg, java.util.function.Consumer<String> log) {
    String protocol = cfg.otlpProtocol("logs");
    String endpoint = cfg.logsEndpoint();
    Map<String, String> headers = cfg.otlpHeaders("logs");
    String compression = cfg.otlpCompression("logs");
    LogRecordExporter e;
    if (AgentConfig.GRPC.equals(protocol)) {
      OtlpGrpcLogRecordExporterBuilder b = OtlpGrpcLogRecordExporter.builder()
          .setEndpoint(endpoint).setTimeout(cfg.exportTimeout()).setCompression(compression)
          // RetryingLogRecordProcessor retries on its own schedule
          .setRetryPolicy(null).setExecutorService(AgentThreads.single("otlp-logs"));
      headers.forEach(b::addHeader);
      e = b.build();
    } else if (AgentConfig.HTTP_PROTOBUF.equals(protocol)) {
      OtlpHttpLogRecordExporterBuilder b = OtlpHttpLogRecordExporter.builder()
          .setEndpoint(endpoint).setTimeout(cfg.exportTimeout()).setCompression(compression)
          .setRetryPolicy(null).setExecutorService(AgentThreads.single("otlp-logs"));
      headers.forEach(b::addHeader);
      e = b.build();
    } else {
      log.accept(unknown(protocol) + "; kernel events and JVM symptoms off");
      return null;
    }
    return new LogOnceLogRecordExporter(e, endpoint);
  }

  private static String unknown(String protocol) {
    return "otel.exporter.otlp.protocol=" + protocol + " is not one of "
        + AgentConfig.HTTP_PROTOBUF + ", " + AgentConfig.GRPC;
  }
}
