package io.mmlens.it.agent;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** OTLP/HTTP receiver on 127.0.0.1 decoding the official protobufs; stopped by close(). */
final class OtlpHttpReceiver implements AutoCloseable {

  final BlockingQueue<ExportMetricsServiceRequest> metrics = new LinkedBlockingQueue<>();
  final BlockingQueue<ExportLogsServiceRequest> logs = new LinkedBlockingQueue<>();
  private final HttpServer server;

  OtlpHttpReceiver() throws IOException {
    this(0);
  }

  /** On a given port: a test that first lets the agent fail against it, then starts listening. */
  OtlpHttpReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/v1/metrics", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        metrics.add(ExportMetricsServiceRequest.parseFrom(in));
      }
      reply(ex, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
    });
    server.createContext("/v1/logs", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        logs.add(ExportLogsServiceRequest.parseFrom(in));
      }
      reply(ex, ExportLogsServiceResponse.getDefaultInstance().toByteArray());
    });
    server.start();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
