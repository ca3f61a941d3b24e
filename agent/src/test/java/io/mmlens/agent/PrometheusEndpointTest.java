package io.mmlens.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.otel.ZoneMetrics;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's own Prometheus endpoint serves what the OpenTelemetry Java exporter served (same
 * series names, labels, values, HELP and TYPE), so the alert rules and dashboards keep working,
 * and speaks enough HTTP/1.1 for scrapers and curl without being broken by anything else.
 */
class PrometheusEndpointTest {

  private SdkMeterProvider provider;
  private PrometheusEndpoint endpoint;
  private PrometheusHttpServer reference;
  private int refPort;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      refPort = s.getLocalPort();
    }
    endpoint = new PrometheusEndpoint("127.0.0.1", 0);
    reference = PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(refPort).build();
    provider = SdkMeterProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.builder()
            .put("service.name", "probe \"one\"\\n").put("deployment.environment", "test").build()))
        .registerMetricReader(endpoint).registerMetricReader(reference).build();
    // zones, buddyinfo, vmstat, PSI of the 6.18 capture; the cgroup of the v2 tree: every
    // instrument family the agent registers, counters and gauges, long and double
    for (String tree : new String[] {"linux-6.18-x86_64-capture", "cgroup-v2-5.15"}) {
      SnapshotReader r = new SnapshotReader(new ProcFs(
          Paths.get("../core/src/test/resources/proc", tree))).pageSize(4096);
      new ZoneMetrics(provider.get(ZoneMetrics.SCOPE + (tree.startsWith("cgroup") ? ".cg" : "")),
          r::read);
    }
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private String get(int port) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }

  @Test
  void servesTheSameSeriesAsTheOpenTelemetryExporter() throws Exception {
    String ours = get(endpoint.port());
    String theirs = get(refPort);
    Map<String, Double> a = samples(ours);
    Map<String, Double> b = samples(theirs);
    assertTrue(a.size() > 150, "zone, order and vm series: " + a.size());
    assertEquals(b, a);
    assertEquals(meta(theirs), meta(ours));
    // integral values read as integers (the OTel exporter wrote 3840.0)
    String free = ours.substring(ours.indexOf("\nlinux_memory_zone_free{") + 1);
    free = free.substring(0, free.indexOf('\n'));
    assertTrue(free.matches("linux_memory_zone_free\\{.*\\} \\d+"), free);
    assertTrue(ours.contains("linux_memory_zone_fragmentation_index{"), ours);
    assertTrue(ours.contains("linux_memory_pressure_stall_time_seconds_total{"), ours);
    assertTrue(ours.contains("linux_memory_cgroup_usage_bytes{"), ours);
    // a label value with a quote, a backslash and "\n" survives escaping
    assertTrue(ours.contains("service_name=\"probe \\\"one\\\"\\\\n\""), ours);
  }

  /** series (name and labels as printed, both sorted) → value. */
  private static Map<String, Double> samples(String text) {
    Map<String, Double> m = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      String series = line.substring(0, sp);
      int brace = series.indexOf('{');
      String key = brace < 0 ? series : series.substring(0, brace) + sortedLabels(series.substring(brace));
      m.put(key, Double.parseDouble(line.substring(sp + 1)));
    }
    return m;
  }

  private static String sortedLabels(String braces) {
    // label values here hold no comma-quote sequences, except the escaped service name
    String[] parts = braces.substring(1, braces.length() - 1).split(",(?=[a-z_]+=\")");
    java.util.Arrays.sort(parts);
    return "{" + String.join(",", parts) + "}";
  }

  private static Map<String, String> meta(String text) {
    Map<String, String> m = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        m.put(line.substring(0, line.indexOf(' ', 7)), line);
      }
    }
    return m;
  }

  private String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return readAll(s.getInputStream());
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int r; (r = in.read(buf)) > 0; ) {
      b.write(buf, 0, r);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void keepsAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
    // two requests in one write, the second asking to close: both answered, then EOF
    String out = raw("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /-/healthy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
    assertTrue(out.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"), out);
    int second = out.indexOf("HTTP/1.1 200 OK", 10);
    assertTrue(second > 0 && out.substring(second).contains("Connection: close"), out);
    assertTrue(out.endsWith("Exporter is healthy.\n"), out);
    int len = Integer.parseInt(out.replaceAll("(?s).*?Content-Length: (\\d+).*", "$1"));
    int bodyStart = out.indexOf("\r\n\r\n") + 4;
    assertEquals(len, out.substring(bodyStart, second).getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void headHasTheLengthButNoBody() throws Exception {
    String out = raw("HEAD /metrics HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n"), out);
    assertTrue(out.endsWith("\r\n\r\n"), out);
    assertFalse(out.contains("Content-Length: 0"), out);
  }

  @Test
  void http10ClosesAfterOneAnswer() throws Exception {
    String out = raw("GET / HTTP/1.0\r\n\r\n");
    assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n") && out.contains("Connection: close"), out);
    assertTrue(out.contains("# TYPE linux_memory_zone_free gauge"), out);
  }

  @Test
  void refusesWhatIsNotAScrape() throws Exception {
    assertTrue(raw("GET /nothing HTTP/1.1\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 404 "));
    assertTrue(raw("POST /metrics HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 405 "));
    assertTrue(raw("GET /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello").startsWith("HTTP/1.1 400 "));
    assertTrue(raw("hello there\r\n\r\n").startsWith("HTTP/1.1 400 "));
    assertTrue(raw("\u0000\u0001\u0002 \r\n\r\n").startsWith("HTTP/1.1 400 "));
    String big = raw("GET /metrics HTTP/1.1\r\nX: " + "a".repeat(PrometheusEndpoint.MAX_HEADER_BYTES) + "\r\n\r\n");
    assertTrue(big.startsWith("HTTP/1.1 431 "), big);
    // the endpoint still serves after all of that
    assertTrue(get(endpoint.port()).contains("linux_memory_zone_free{"));
  }

  @Test
  void busyConnectionsGet503InsteadOfWaiting() throws Exception {
    Socket[] idle = new Socket[PrometheusEndpoint.MAX_CONNECTIONS];
    try {
      for (int i = 0; i < idle.length; i++) {
        idle[i] = new Socket("127.0.0.1", endpoint.port());
        // a request on each, so each holds a handler thread (keep-alive)
        idle[i].getOutputStream().write("GET /-/healthy HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        idle[i].setSoTimeout(10_000);
        byte[] b = new byte[256];
        assertTrue(idle[i].getInputStream().read(b) > 0);
      }
      String out = raw("GET /metrics HTTP/1.1\r\n\r\n");
      assertTrue(out.startsWith("HTTP/1.1 503 "), out);
    } finally {
      for (Socket s : idle) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  @Test
  void threadsAreNamedDaemonsAndShutdownFreesThePort() throws Exception {
    get(endpoint.port());
    boolean seen = false;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("mmlens-prometheus")) {
        seen = true;
        assertTrue(t.isDaemon(), t.getName());
      }
    }
    assertTrue(seen);
    int port = endpoint.port();
    Socket open = new Socket("127.0.0.1", port);
    endpoint.shutdown();
    OutputStream o = open.getOutputStream();
    // the open connection is closed too: reading gives EOF (or a reset)
    open.setSoTimeout(10_000);
    try {
      o.write("GET /metrics HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals(-1, open.getInputStream().read());
    } catch (IOException reset) {
      // also fine: the server side is gone
    } finally {
      open.close();
    }
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
  }

  @Test
  void aFailingCollectionIsA500AndTheEndpointStaysUp() throws Exception {
    PrometheusEndpoint broken = new PrometheusEndpoint("127.0.0.1", 0);
    try {
      broken.register(new io.opentelemetry.sdk.metrics.export.CollectionRegistration() {
        @Override
        public java.util.Collection<io.opentelemetry.sdk.metrics.data.MetricData> collectAllMetrics() {
          throw new IllegalStateException("boom");
        }
      });
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + broken.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(500, r.statusCode());
        assertTrue(r.body().contains("boom"), r.body());
      }
    } finally {
      broken.shutdown();
    }
  }

  @Test
  void namesAreSanitizedAsPrometheusAllows() {
    assertEquals("linux_memory_zone_free", PrometheusText.sanitize("linux.memory.zone.free", false));
    assertEquals("a_b2_c3", PrometheusText.sanitize("a.b2-c3", true)); // digits inside stay as they are
    assertEquals("_2xx", PrometheusText.sanitize("2xx", false));
    assertEquals("ns:name", PrometheusText.sanitize("ns:name", false));
    assertEquals("ns_name", PrometheusText.sanitize("ns:name", true)); // no colon in label names
    assertEquals("bytes_per_second", PrometheusText.unitSuffix("By/s"));
    assertEquals("", PrometheusText.unitSuffix("{page}"));
  }

  @Test
  void aTakenPortFailsAtConstruction() throws Exception {
    assertThrows(IOException.class, () -> new PrometheusEndpoint("127.0.0.1", endpoint.port()));
  }
}
