package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An OTLP endpoint that is down is reported once however many exports fail, and once more when it
 * comes up; the metrics then arrive.
 */
class AgentEndpointRecoveryTest {

  private static final String FAILING = "failing";
  private static final String RECOVERED = "recovered";

  @Test
  void downEndpointIsReportedOnceAndItsRecoveryOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed: nothing listens until the receiver starts below
    }
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path").split(File.pathSeparator)[0];
    Process p = new ProcessBuilder(java, "-javaagent:" + AgentOtlpHttpTest.AGENT,
        "-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + port, "-Dotel.exporter.otlp.timeout=1000",
        "-Dotel.metric.export.interval=200", "-cp", cp, SleepingApp.class.getName(), "120000")
        .redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = in.readLine()) != null; ) {
          lines.add(l);
        }
      } catch (Exception ignored) {
        // the child is destroyed at the end of the test
      }
    });
    pump.start();
    try {
      assertTrue(await(lines, FAILING, 60), () -> "no failing-export line: " + lines);
      Thread.sleep(2000); // ten more exports at 200 ms, every one refused
      assertEquals(1, count(lines, FAILING), lines::toString);
      try (OtlpHttpReceiver receiver = new OtlpHttpReceiver(port)) {
        ExportMetricsServiceRequest req = receiver.metrics.poll(30, TimeUnit.SECONDS);
        assertNotNull(req, () -> "no metrics after the endpoint came up: " + lines);
        assertTrue(await(lines, RECOVERED, 10), () -> "no recovery line: " + lines);
        Thread.sleep(1000); // more successful exports: still one recovery line
        stop(p, pump); // before the receiver goes: its closing would be a new, rightly reported failure
      }
    } finally {
      stop(p, pump);
    }
    assertEquals(1, count(lines, FAILING), lines::toString);
    assertEquals(1, count(lines, RECOVERED), lines::toString);
    String failing = lines.stream().filter(l -> isExportLine(l, FAILING)).findFirst().orElseThrow();
    assertTrue(failing.contains("http://127.0.0.1:" + port), failing);
  }

  private static void stop(Process p, Thread pump) throws InterruptedException {
    p.destroy();
    p.waitFor(20, TimeUnit.SECONDS);
    pump.join(5000);
  }

  private static boolean isExportLine(String l, String what) {
    return l.startsWith("mmlens: metrics export to ") && l.contains(what);
  }

  private static long count(List<String> lines, String what) {
    return lines.stream().filter(l -> isExportLine(l, what)).count();
  }

  private static boolean await(List<String> lines, String what, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (count(lines, what) > 0) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
