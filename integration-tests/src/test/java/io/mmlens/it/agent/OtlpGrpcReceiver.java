package io.mmlens.it.agent;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC receiver on 127.0.0.1: grpc-java serving the official collector services from the
 * opentelemetry-proto stubs, as the Collector's otlp receiver does; stopped by close().
 */
final class OtlpGrpcReceiver implements AutoCloseable {

  final BlockingQueue<ExportMetricsServiceRequest> metrics = new LinkedBlockingQueue<>();
  final BlockingQueue<ExportLogsServiceRequest> logs = new LinkedBlockingQueue<>();
  private final Server server;

  OtlpGrpcReceiver() throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new MetricsServiceGrpc.MetricsServiceImplBase() {
          @Override
          public void export(ExportMetricsServiceRequest request,
              StreamObserver<ExportMetricsServiceResponse> response) {
            metrics.add(request);
            response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
            response.onCompleted();
          }
        })
        .addService(new LogsServiceGrpc.LogsServiceImplBase() {
          @Override
          public void export(ExportLogsServiceRequest request,
              StreamObserver<ExportLogsServiceResponse> response) {
            logs.add(request);
            response.onNext(ExportLogsServiceResponse.getDefaultInstance());
            response.onCompleted();
          }
        })
        .build().start();
  }

  /** The endpoint as OTel's gRPC exporters take it (no path). */
  String endpoint() {
    return "http://127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }
}
