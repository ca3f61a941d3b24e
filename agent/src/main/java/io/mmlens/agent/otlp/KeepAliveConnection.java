package io.mmlens.agent.otlp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 connection to a plain {@code http://} OTLP endpoint, kept open between exports.
 * A POST through {@code HttpURLConnection} with a new TCP connection cost 1.8 ms of CPU per
 * export at a metrics interval, this 0.6 ms (docs/benchmarks.md); keeping the connection
 * here needs no keep-alive cache and so no JDK timer thread. Used by one thread at a time.
 */
final class KeepAliveConnection {

  /** A response head larger than this is refused; an OTLP receiver sends a few hundred bytes. */
  static final int MAX_HEAD_BYTES = 65536;
  /** A response body larger than this is refused (an OTLP response is a small protobuf). */
  static final int MAX_BODY_BYTES = 4 << 20;

  /** Status and body of one response. */
  static final class Response {
    final int status;
    final byte[] body;

    Response(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }
  }

  private final String host;
  private final int port;
  private final String target;
  private final String hostHeader;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final byte[] head = new byte[MAX_HEAD_BYTES];

  KeepAliveConnection(URI endpoint, int connectTimeoutMs, int readTimeoutMs) {
    this.host = endpoint.getHost();
    this.port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
    String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
        ? "/" : endpoint.getRawPath();
    this.target = endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery();
    this.hostHeader = endpoint.getPort() < 0 ? host : host + ":" + port;
    this.connectTimeoutMs = connectTimeoutMs;
    this.readTimeoutMs = readTimeoutMs;
  }

  /**
   * POSTs {@code body}; on a reused connection that the server closed meanwhile (it fails before
   * any response byte arrives), sends once more on a new connection. A timeout is not such a
   * close: the server may be working on the request, and sending it again would double the
   * export's wait and maybe its data.
   */
  synchronized Response post(String contentType, String contentEncoding,
      Map<String, List<String>> headers, byte[] body) throws IOException {
    boolean reused = socket != null;
    boolean[] answered = {false};
    try {
      return exchange(contentType, contentEncoding, headers, body, answered);
    } catch (IOException e) {
      close();
      if (!reused || answered[0] || e instanceof SocketTimeoutException) {
        throw e;
      }
      return exchange(contentType, contentEncoding, headers, body, answered);
    }
  }

  private Response exchange(String contentType, String contentEncoding,
      Map<String, List<String>> headers, byte[] body, boolean[] answered) throws IOException {
    if (socket == null) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
        s.setTcpNoDelay(true);
        s.setSoTimeout(readTimeoutMs);
        in = new BufferedInputStream(s.getInputStream(), 8192);
        out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
      } catch (IOException e) {
        s.close();
        throw e;
      }
      socket = s;
    }
    StringBuilder h = new StringBuilder(256).append("POST ").append(target)
        .append(" HTTP/1.1\r\nHost: ").append(hostHeader)
        .append("\r\nContent-Type: ").append(contentType)
        .append("\r\nContent-Length: ").append(body.length);
    if (contentEncoding != null) {
      h.append("\r\nContent-Encoding: ").append(contentEncoding);
    }
    if (headers != null) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        for (String v : e.getValue()) {
          if (safe(e.getKey()) && safe(v)) { // a CR or LF would split the request
            h.append("\r\n").append(e.getKey()).append(": ").append(v);
          }
        }
      }
    }
    h.append("\r\n\r\n");
    out.write(h.toString().getBytes(StandardCharsets.UTF_8));
    out.write(body);
    out.flush();
    while (true) {
      int end = readHead(answered);
      String text = new String(head, 0, end, StandardCharsets.ISO_8859_1);
      int lineEnd = text.indexOf("\r\n");
      String status = text.substring(0, lineEnd);
      if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
        throw new IOException("not an HTTP/1.x response: " + printable(status));
      }
      int code = parseStatus(status);
      long[] length = {-1};
      boolean[] chunkedClose = {false, status.startsWith("HTTP/1.0")};
      HttpHead.forEach(text, (name, value) -> {
        if (name.equals("content-length")) {
          try {
            length[0] = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + printable(value));
          }
        } else if (name.equals("transfer-encoding")) {
          chunkedClose[0] = value.endsWith("chunked");
        } else if (name.equals("connection")) {
          chunkedClose[1] = value.equals("close")
              || (status.startsWith("HTTP/1.0") && !value.equals("keep-alive"));
        }
      });
      boolean chunked = chunkedClose[0];
      boolean close = chunkedClose[1];
      if (code >= 100 && code < 200) {
        continue; // an interim answer; the real one follows
      }
      byte[] responseBody;
      if (chunked) {
        responseBody = readChunked();
      } else if (length[0] >= 0) {
        if (length[0] > MAX_BODY_BYTES) {
          throw new IOException("response body of " + length[0] + " bytes");
        }
        responseBody = in.readNBytes((int) length[0]);
        if (responseBody.length < length[0]) {
          throw new EOFException("response body ended after " + responseBody.length + " of "
              + length[0] + " bytes");
        }
      } else {
        responseBody = readToEnd(); // neither length nor chunks: the body ends with the connection
        close = true;
      }
      if (close) {
        close();
      }
      return new Response(code, responseBody);
    }
  }

  /** Reads the response head into {@link #head}; returns its length (through the blank line). */
  private int readHead(boolean[] answered) throws IOException {
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(n == 0 ? "connection closed before the response"
            : "connection closed inside the response head");
      }
      answered[0] = true;
      if (n == head.length) {
        throw new IOException("response head over " + MAX_HEAD_BYTES + " bytes");
      }
      head[n++] = (byte) b;
      if (n >= 4 && b == '\n' && head[n - 2] == '\r' && head[n - 3] == '\n' && head[n - 4] == '\r') {
        return n;
      }
    }
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine();
      int semi = sizeLine.indexOf(';');
      String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + printable(sizeLine));
      }
      if (size < 0 || body.size() + size > MAX_BODY_BYTES) {
        throw new IOException("chunked response body over " + MAX_BODY_BYTES + " bytes");
      }
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailers: ignored
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length < size) {
        throw new EOFException("chunk ended early");
      }
      body.write(chunk);
      if (!readLine().isEmpty()) {
        throw new IOException("no CRLF after a chunk");
      }
    }
  }

  private String readLine() throws IOException {
    StringBuilder b = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed inside a chunked body");
      }
      if (c == '\n') {
        int len = b.length();
        return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
      }
      if (b.length() > 1024) {
        throw new IOException("chunk line over 1024 bytes");
      }
      b.append((char) c);
    }
  }

  private byte[] readToEnd() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    for (int r; (r = in.read(buf)) > 0; ) {
      if (body.size() + r > MAX_BODY_BYTES) {
        throw new IOException("response body over " + MAX_BODY_BYTES + " bytes");
      }
      body.write(buf, 0, r);
    }
    return body.toByteArray();
  }

  private static int parseStatus(String statusLine) throws IOException {
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = statusLine.charAt(i);
      if (c < '0' || c > '9') {
        throw new IOException("bad status line: " + printable(statusLine));
      }
      code = code * 10 + (c - '0');
    }
    return code;
  }

  private static boolean safe(String s) {
    return s.indexOf('\r') < 0 && s.indexOf('\n') < 0;
  }

  private static String printable(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    StringBuilder b = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }

  /** Closes the connection; the next post opens a new one. */
  synchronized void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
      socket = null;
      in = null;
      out = null;
    }
  }
}
