package io.mmlens.agent;

import io.mmlens.agent.otlp.HttpHead;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code otel.metrics.exporter=prometheus}: a pull reader serving {@link PrometheusText} over a
 * minimal HTTP/1.1 server ({@code GET}/{@code HEAD} of {@code /metrics} or {@code /}). The JDK
 * {@code HttpServer} under the OpenTelemetry exporter cost ~1 ms of CPU per request on its own and
 * 44 ms of latency (its header and body leave in two TCP segments, held by Nagle and delayed ACK);
 * here a response is one write on a {@code TCP_NODELAY} socket.
 */
final class PrometheusEndpoint implements MetricReader {

  /** Request line and headers larger than this are refused (431); a scraper sends ~300 bytes. */
  static final int MAX_HEADER_BYTES = 8192;
  /** An idle keep-alive connection is closed after this long (Prometheus scrapes every 15–60 s). */
  static final int IDLE_TIMEOUT_MS = 120_000;
  /** At most this many connections are served at once; more get 503. */
  static final int MAX_CONNECTIONS = 4;

  private static final String EXPOSITION = "text/plain; version=0.0.4; charset=utf-8";
  private static final String PLAIN = "text/plain; charset=utf-8";

  private final ServerSocket server;
  private final ThreadPoolExecutor handlers;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile CollectionRegistration registration = CollectionRegistration.noop();
  private volatile boolean closed;

  /** Binds at once, so a taken port fails here, where the caller can say so. */
  PrometheusEndpoint(String host, int port) throws IOException {
    server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 16);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    handlers = new ThreadPoolExecutor(1, MAX_CONNECTIONS, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), AgentThreads.factory("prometheus-conn"));
    handlers.prestartCoreThread(); // a scrape while the host is out of threads still has one
    Thread acceptor = AgentThreads.factory("prometheus").newThread(this::accept);
    acceptor.start();
  }

  /** The bound port (the configured one, or the one picked for port 0). */
  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed by shutdown()
      }
      open.add(s);
      if (closed) { // shut down between accept() and add(): shutdown() may not have seen it
        open.remove(s);
        try {
          s.close();
        } catch (IOException ignored) {
          // already closed
        }
        return;
      }
      try {
        handlers.execute(() -> serve(s));
      } catch (RejectedExecutionException busy) {
        try {
          respond(s.getOutputStream(), 503, "Service Unavailable", "too many connections\n",
              false, true);
        } catch (IOException ignored) {
          // the client went away; nothing to tell it
        }
        close(s);
      }
    }
  }

  /** One connection: requests until the client closes, asks to close, idles out or errs. */
  private void serve(Socket s) {
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(IDLE_TIMEOUT_MS);
      InputStream in = s.getInputStream();
      // one buffer and one text buffer per connection, reused by every scrape on it
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
      PrometheusText.Out text = new PrometheusText.Out(32 * 1024);
      byte[] buf = new byte[MAX_HEADER_BYTES];
      int have = 0;
      while (!closed) {
        int end = headerEnd(buf, have);
        while (end < 0) {
          if (have == buf.length) {
            respond(out, 431, "Request Header Fields Too Large",
                "request headers over " + MAX_HEADER_BYTES + " bytes\n", false, true);
            return;
          }
          int r = in.read(buf, have, buf.length - have);
          if (r < 0) {
            return;
          }
          have += r;
          end = headerEnd(buf, have);
        }
        boolean keep = handle(new String(buf, 0, end, StandardCharsets.ISO_8859_1), out, text);
        // a pipelined next request may already be in the buffer
        System.arraycopy(buf, end, buf, 0, have - end);
        have -= end;
        if (!keep) {
          return;
        }
      }
    } catch (SocketTimeoutException idle) {
      // keep-alive connection unused for IDLE_TIMEOUT_MS
    } catch (IOException gone) {
      // the client closed or reset the connection
    } finally {
      close(s);
    }
  }

  /** Index just past the blank line that ends the request head, or -1. */
  static int headerEnd(byte[] b, int n) {
    for (int i = 3; i < n; i++) {
      if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Answers one request head; returns whether the connection stays open. */
  private boolean handle(String head, OutputStream out, PrometheusText.Out text)
      throws IOException {
    int lineEnd = head.indexOf("\r\n");
    String[] line = head.substring(0, lineEnd).split(" ", -1);
    if (line.length != 3 || !line[2].startsWith("HTTP/1.")) {
      respond(out, 400, "Bad Request", "not an HTTP/1.x request line\n", false, true);
      return false;
    }
    String method = line[0];
    String path = line[1];
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    boolean[] keepBody = {!line[2].equals("HTTP/1.0"), false};
    HttpHead.forEach(head, (name, value) -> {
      if (name.equals("connection")) {
        keepBody[0] = line[2].equals("HTTP/1.0") ? value.equals("keep-alive") : !value.equals("close");
      } else if ((name.equals("content-length") && !value.equals("0"))
          || name.equals("transfer-encoding")) {
        keepBody[1] = true;
      }
    });
    boolean keep = keepBody[0];
    boolean body = keepBody[1];
    if (body) { // a scrape has no body; not reading one would desync the connection
      respond(out, 400, "Bad Request", "a request body is not accepted\n", false, true);
      return false;
    }
    boolean headOnly = method.equals("HEAD");
    if (!method.equals("GET") && !headOnly) {
      respond(out, 405, "Method Not Allowed", "GET or HEAD\n", false, true);
      return false;
    }
    if (path.equals("/metrics") || path.equals("/")) {
      text.reset();
      try {
        PrometheusText.write(registration.collectAllMetrics(), text);
      } catch (RuntimeException e) { // the SDK failing must not kill the connection's thread
        respond(out, 500, "Internal Server Error", "collection failed: " + e + "\n", headOnly, true);
        return false;
      }
      respond(out, 200, "OK", EXPOSITION, text.array(), text.length(), headOnly, !keep);
    } else if (path.equals("/-/healthy")) {
      respond(out, 200, "OK", "Exporter is healthy.\n", headOnly, !keep);
    } else {
      respond(out, 404, "Not Found", "serves /metrics\n", headOnly, !keep);
    }
    return keep;
  }

  /** Status line, headers and body, then one flush: one write on the socket. */
  static void respond(OutputStream out, int status, String reason, String contentType, byte[] body,
      int length, boolean headOnly, boolean close) throws IOException {
    out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + length + (close ? "\r\nConnection: close" : "") + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    if (!headOnly) {
      out.write(body, 0, length);
    }
    out.flush();
  }

  static void respond(OutputStream out, int status, String reason, String body, boolean headOnly,
      boolean close) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    respond(out, status, reason, PLAIN, b, b.length, headOnly, close);
  }

  /**
   * Ends a connection so the client reads the whole answer: closing a socket with unread request
   * bytes makes Linux send a reset, which can destroy an error answer before the client reads it.
   */
  private void close(Socket s) {
    try {
      if (!closed && !s.isClosed()) {
        s.shutdownOutput();
        s.setSoTimeout(200);
        InputStream in = s.getInputStream();
        byte[] sink = new byte[4096];
        for (int total = 0, r; total < 65536 && (r = in.read(sink)) > 0; total += r) {
          // discard what the client still sends, until it closes (bounded)
        }
      }
    } catch (IOException ignored) {
      // timed out or reset: close anyway
    } finally {
      open.remove(s);
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  @Override
  public void register(CollectionRegistration r) {
    registration = r;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType type) {
    return AggregationTemporality.CUMULATIVE; // Prometheus counters are cumulative
  }

  @Override
  public MemoryMode getMemoryMode() {
    return MemoryMode.IMMUTABLE_DATA; // two scrapes may run at once
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess(); // pull: nothing buffered
  }

  @Override
  public CompletableResultCode shutdown() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // already closed
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    handlers.shutdownNow();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "PrometheusEndpoint{" + server.getLocalSocketAddress() + "}";
  }
}
