package io.mmlens.agent.otlp;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URL;
import javax.net.ssl.HttpsURLConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * OTLP/HTTP sender on {@link HttpURLConnection}, run on the agent's pre-started thread (the
 * exporter's {@code setExecutorService}). Not the JDK HttpClient, which OTel's JDK sender uses:
 * its selector thread sits in {@code epoll_wait} for the JVM's whole life, and HotSpot's exit
 * waits up to 300 ms for threads in native code, so every host JVM exited ~0.3 s later; its
 * default executor also starts worker threads on demand, and when that failed (address space
 * full) the selector died with an OutOfMemoryError on the host's stderr and every later export
 * failed. Here an idle agent has no thread in native code, and exporting never starts a thread:
 * a plain {@code http://} endpoint without a proxy gets one {@link KeepAliveConnection} of its
 * own, kept open between exports; HTTPS and proxies go through {@code HttpURLConnection} with
 * {@code Connection: close}, which keeps connections out of the JDK's keep-alive cache and its
 * timer thread.
 */
final class AgentHttpSender implements HttpSender {

  private final HttpSenderConfig config;
  private final URL url;
  private final ExecutorService executor;
  private final KeepAliveConnection plain; // null: HTTPS or a proxy

  AgentHttpSender(HttpSenderConfig config) {
    this.config = config;
    try {
      this.url = config.getEndpoint().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("OTLP endpoint " + config.getEndpoint() + ": " + e, e);
    }
    this.plain = "http".equalsIgnoreCase(config.getEndpoint().getScheme())
        && config.getProxyOptions() == null && direct(config.getEndpoint())
        ? new KeepAliveConnection(config.getEndpoint(),
            (int) Math.max(1, config.getConnectTimeout().toMillis()),
            (int) Math.max(1, config.getTimeout().toMillis()))
        : null;
    this.executor = config.getExecutorService();
    if (executor == null) {
      throw new IllegalArgumentException("the agent's sender needs the exporter's executor");
    }
  }

  @Override
  public void send(MessageWriter message, Consumer<HttpResponse> onResponse,
      Consumer<Throwable> onError) {
    try {
      executor.execute(() -> {
        try {
          onResponse.accept(post(message));
        } catch (Throwable t) {
          onError.accept(t);
        }
      });
    } catch (RuntimeException e) { // rejected: shut down
      onError.accept(e);
    }
  }

  private Response post(MessageWriter message) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(32, message.getContentLength()));
    Compressor compressor = config.getCompressor();
    try (OutputStream out = compressor == null ? bytes : compressor.compress(bytes)) {
      message.writeMessage(out);
    }
    if (plain != null) {
      KeepAliveConnection.Response r = plain.post(config.getContentType(),
          compressor == null ? null : compressor.getEncoding(),
          config.getHeadersSupplier() == null ? null : config.getHeadersSupplier().get(),
          bytes.toByteArray());
      return new Response(r.status, r.body);
    }
    Proxy proxy = proxy();
    HttpURLConnection c = (HttpURLConnection) (proxy == null ? url.openConnection()
        : url.openConnection(proxy));
    try {
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setUseCaches(false);
      c.setConnectTimeout((int) Math.max(1, config.getConnectTimeout().toMillis()));
      c.setReadTimeout((int) Math.max(1, config.getTimeout().toMillis()));
      c.setRequestProperty("Content-Type", config.getContentType());
      c.setRequestProperty("Connection", "close");
      if (compressor != null) {
        c.setRequestProperty("Content-Encoding", compressor.getEncoding());
      }
      if (config.getHeadersSupplier() != null) {
        Map<String, List<String>> headers = config.getHeadersSupplier().get();
        if (headers != null) {
          headers.forEach((k, vs) -> vs.forEach(v -> c.addRequestProperty(k, v)));
        }
      }
      if (c instanceof HttpsURLConnection && config.getSslContext() != null) {
        ((HttpsURLConnection) c).setSSLSocketFactory(config.getSslContext().getSocketFactory());
      }
      byte[] body = bytes.toByteArray();
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      byte[] response = new byte[0];
      if (in != null) {
        try (InputStream r = in) {
          response = r.readAllBytes();
        }
      }
      return new Response(status, response);
    } finally {
      c.disconnect();
    }
  }

  /** Whether the JVM's proxy settings (http.proxyHost, a custom selector) send this URI direct. */
  private static boolean direct(URI uri) {
    try {
      ProxySelector ps = ProxySelector.getDefault();
      if (ps == null) {
        return true;
      }
      for (Proxy p : ps.select(uri)) {
        if (p.type() != Proxy.Type.DIRECT) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false; // let HttpURLConnection apply whatever the settings mean
    }
  }

  private Proxy proxy() {
    if (config.getProxyOptions() == null) {
      return null;
    }
    try {
      List<Proxy> l = config.getProxyOptions().getProxySelector().select(config.getEndpoint());
      return l.isEmpty() ? null : l.get(0);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    // the executor belongs to the agent, which shuts it down with the exporter's owner
    if (plain != null) {
      plain.close();
    }
    return CompletableResultCode.ofSuccess();
  }

  private static final class Response implements HttpResponse {
    private final int status;
    private final byte[] body;

    Response(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getStatusMessage() {
      return String.valueOf(status);
    }

    @Override
    public byte[] getResponseBody() {
      return body;
    }
  }
}
