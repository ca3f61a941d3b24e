package io.mmlens.it.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus scrapes `mmlens daemon` with otel.metrics.exporter=prometheus (127.0.0.1):
 * a PromQL query returns the fragmentation-index series for every zone of /proc/buddyinfo, and
 * the alert rules load and evaluate against the real series without errors.
 */
class PrometheusScrapeTest {

  static final Path AGENT = Paths.get("../agent/target/mmlens-agent.jar").toAbsolutePath();
  static final Path RULES = Paths.get("../alerts/prometheus-rules.yml").toAbsolutePath().normalize();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Path p = Paths.get(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static JsonNode get(int port, String pathAndQuery) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  @Test
  void prometheusScrapesEveryZonesFragmentationIndex(@TempDir Path tmp) throws Exception {
    String prometheus = onPath("prometheus");
    if (prometheus == null) {
      System.out.println("PrometheusScrapeTest skipped: prometheus not on PATH (Debian package prometheus)");
    }
    Assumptions.assumeTrue(prometheus != null, "prometheus not installed");
    Set<String> zones = new TreeSet<>();
    for (String line : Files.readAllLines(Paths.get("/proc/buddyinfo"))) {
      String[] f = line.trim().replace(",", "").split("\\s+");
      zones.add(f[1] + "/" + f[3]);
    }
    int agentPort = freePort();
    int promPort = freePort();
    Path cfg = tmp.resolve("prometheus.yml");
    Files.writeString(cfg, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        + "rule_files:\n  - " + RULES + "\n"
        + "scrape_configs:\n  - job_name: mmlens\n    static_configs:\n"
        + "      - targets: ['127.0.0.1:" + agentPort + "']\n");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process agent = new ProcessBuilder(java, "-jar", AGENT.toString(), "daemon",
        "otel.metrics.exporter=prometheus", "otel.exporter.prometheus.port=" + agentPort,
        "mmlens.kmsg.enabled=false").inheritIO().start();
    Process prom = new ProcessBuilder(prometheus, "--config.file=" + cfg,
        "--storage.tsdb.path=" + tmp.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
        .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
    try {
      Set<String> seen = new TreeSet<>();
      String query = URLEncoder.encode(
          "count by (linux_memory_numa_node, linux_memory_zone) (linux_memory_zone_fragmentation_index)",
          StandardCharsets.UTF_8);
      long deadline = System.currentTimeMillis() + 90_000;
      while (!seen.containsAll(zones) && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
        try {
          JsonNode r = get(promPort, "/api/v1/query?query=" + query);
          seen.clear();
          for (JsonNode s : r.at("/data/result")) {
            seen.add(s.at("/metric/linux_memory_numa_node").asText() + "/" + s.at("/metric/linux_memory_zone").asText());
            // one series per order, as many orders as buddyinfo prints
            assertTrue(s.at("/value/1").asInt() >= 11, s.toString());
          }
        } catch (java.io.IOException notUpYet) {
          // Prometheus still starting
        }
      }
      assertTrue(seen.containsAll(zones), "PromQL saw " + seen + ", /proc/buddyinfo has " + zones
          + "\n" + Files.readString(tmp.resolve("prometheus.log")));
      // the alert rules evaluate against the real series without errors
      Set<String> health = new TreeSet<>();
      int rules = 0;
      for (long until = System.currentTimeMillis() + 15_000; System.currentTimeMillis() < until; Thread.sleep(500)) {
        health.clear();
        rules = 0;
        for (JsonNode g : get(promPort, "/api/v1/rules").at("/data/groups")) {
          for (JsonNode rule : g.get("rules")) {
            rules++;
            health.add(rule.get("name").asText() + "=" + rule.get("health").asText()
                + (rule.has("lastError") && !rule.get("lastError").asText().isEmpty() ? " " + rule.get("lastError") : ""));
          }
        }
        if (rules == 4 && health.stream().allMatch(h -> h.endsWith("=ok"))) {
          break;
        }
      }
      assertEquals(4, rules, health.toString());
      assertTrue(health.stream().allMatch(h -> h.endsWith("=ok")), health.toString());
    } finally {
      prom.destroy();
      agent.destroy();
      assertTrue(prom.waitFor(30, TimeUnit.SECONDS));
      assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
    }
  }
}
