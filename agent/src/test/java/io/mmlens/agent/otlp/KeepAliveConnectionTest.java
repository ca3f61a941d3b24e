package io.mmlens.agent.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OTLP keep-alive connection against a scripted server: reuse, reconnects, body framings, failures. */
class KeepAliveConnectionTest {

  /** What the server answers to the n-th request on the c-th connection (both from 0); null: close. */
  interface Script {
    String answer(int connection, int request, String requestHead);
  }

  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> heads = new CopyOnWriteArrayList<>();
  private final List<Integer> bodyLengths = new CopyOnWriteArrayList<>();

  private URI serve(Script script) throws IOException {
    server = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          int c = connections.getAndIncrement();
          Thread h = new Thread(() -> handle(s, c, script));
          h.setDaemon(true);
          h.start();
        } catch (IOException closed) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/metrics");
  }

  private void handle(Socket s, int c, Script script) {
    try (Socket sock = s) {
      InputStream in = sock.getInputStream();
      for (int r = 0; ; r++) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        int n = 0;
        while ((b = in.read()) >= 0) {
          head.write(b);
          n++;
          byte[] a = head.toByteArray();
          if (n >= 4 && a[n - 1] == '\n' && a[n - 2] == '\r' && a[n - 3] == '\n' && a[n - 4] == '\r') {
            break;
          }
        }
        if (b < 0) {
          return;
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        heads.add(h);
        int len = Integer.parseInt(h.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        bodyLengths.add(in.readNBytes(len).length);
        String answer = script.answer(c, r, h);
        if (answer == null) {
          return; // close without answering
        }
        sock.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
        sock.getOutputStream().flush();
        if (answer.contains("Connection: close") || answer.startsWith("HTTP/1.0")) {
          return;
        }
      }
    } catch (IOException ignored) {
      // the client went away
    }
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 2\r\n\r\nok";

  private static KeepAliveConnection.Response post(KeepAliveConnection k, int size) throws IOException {
    return k.post("application/x-protobuf", null, Map.of(), new byte[size]);
  }

  @Test
  void reusesOneConnectionAcrossExports() throws Exception {
    KeepAliveConnection k = new KeepAliveConnection(serve((c, r, h) -> OK), 1000, 5000);
    for (int i = 0; i < 3; i++) {
      KeepAliveConnection.Response res = post(k, 30000);
      assertEquals(200, res.status);
      assertArrayEquals("ok".getBytes(StandardCharsets.US_ASCII), res.body);
    }
    assertEquals(1, connections.get());
    assertEquals(List.of(30000, 30000, 30000), bodyLengths);
    String h = heads.get(0);
    assertTrue(h.startsWith("POST /v1/metrics HTTP/1.1\r\n"), h);
    assertTrue(h.contains("\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n"), h);
    assertTrue(h.contains("\r\nContent-Type: application/x-protobuf\r\n"), h);
    k.close();
  }

  @Test
  void chunkedAndInterimAndUnframedBodies() throws Exception {
    KeepAliveConnection k = new KeepAliveConnection(serve((c, r, h) -> {
      if (c == 0 && r == 0) {
        return "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n";
      }
      return "HTTP/1.0 503 Service Unavailable\r\n\r\nbusy"; // no length: ends with the connection
    }), 1000, 5000);
    KeepAliveConnection.Response a = post(k, 10);
    assertEquals(200, a.status);
    assertEquals("abcde", new String(a.body, StandardCharsets.US_ASCII));
    KeepAliveConnection.Response b = post(k, 10);
    assertEquals(503, b.status);
    assertEquals("busy", new String(b.body, StandardCharsets.US_ASCII));
    assertEquals(1, connections.get());
    // the unframed body ended the connection: the next export opens a new one
    assertEquals(503, post(k, 10).status);
    assertEquals(2, connections.get());
  }

  @Test
  void connectionCloseAndAnIdleCloseByTheServerReconnect() throws Exception {
    KeepAliveConnection k = new KeepAliveConnection(serve((c, r, h) -> {
      if (c == 0) {
        return OK.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
      }
      if (c == 1 && r == 1) {
        return null; // the server dropped the kept connection before the second request
      }
      return OK;
    }), 1000, 5000);
    assertEquals(200, post(k, 5).status); // connection 0, closed by the server's answer
    assertEquals(200, post(k, 5).status); // connection 1
    assertEquals(200, post(k, 5).status); // connection 1 fails without an answer → sent again on 2
    assertEquals(3, connections.get());
    assertEquals(4, bodyLengths.size(), "the dropped request was sent again once");
  }

  @Test
  void aTimeoutOnAKeptConnectionIsNotSentAgain() throws Exception {
    KeepAliveConnection k = new KeepAliveConnection(serve((c, r, h) -> {
      if (r == 1) {
        try {
          Thread.sleep(2000); // slower than the client's timeout, on the kept connection
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return OK;
    }), 1000, 300);
    assertEquals(200, post(k, 5).status);
    assertThrows(SocketTimeoutException.class, () -> post(k, 5));
    assertEquals(1, connections.get());
    assertEquals(2, bodyLengths.size(), "the timed-out request was sent once");
  }

  @Test
  void failuresAreIoExceptionsNamingWhatWasWrong() throws Exception {
    KeepAliveConnection silent = new KeepAliveConnection(serve((c, r, h) -> {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return OK;
    }), 1000, 300);
    assertThrows(SocketTimeoutException.class, () -> post(silent, 5));
    server.close();

    KeepAliveConnection garbage = new KeepAliveConnection(serve((c, r, h) -> "SSH-2.0-OpenSSH\r\n\r\n"), 1000, 5000);
    IOException e = assertThrows(IOException.class, () -> post(garbage, 5));
    assertTrue(e.getMessage().contains("not an HTTP/1.x response"), e.getMessage());
    server.close();

    KeepAliveConnection huge = new KeepAliveConnection(serve((c, r, h) ->
        "HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n"), 1000, 5000);
    e = assertThrows(IOException.class, () -> post(huge, 5));
    assertTrue(e.getMessage().contains("999999999"), e.getMessage());
  }

  @Test
  void headersWithLineBreaksAreNotSent() throws Exception {
    KeepAliveConnection k = new KeepAliveConnection(serve((c, r, h) -> OK), 1000, 5000);
    k.post("application/x-protobuf", "gzip",
        Map.of("Authorization", List.of("Bearer abc"), "X-Evil", List.of("a\r\nX-Injected: 1")),
        new byte[3]);
    String h = heads.get(0);
    assertTrue(h.contains("\r\nAuthorization: Bearer abc\r\n"), h);
    assertTrue(h.contains("\r\nContent-Encoding: gzip\r\n"), h);
    assertFalse(h.contains("X-Injected"), h);
    assertFalse(h.contains("X-Evil"), h);
  }
}
