package io.mmlens.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.SnapshotReader;
import io.mmlens.otel.ZoneMetrics;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboard name only series the agent really exports: the
 * names are read from what the agent's Prometheus endpoint serves for the instruments, never
 * copied by hand.
 */
class PrometheusNamesTest {

  static final Path ROOT = Paths.get("..");

  /** Metric and label names as Prometheus sees the agent's instruments. */
  static Set<String> exported() throws Exception {
    Set<String> names = new TreeSet<>();
    // zones, buddyinfo, vmstat and PSI from the 6.18 capture; cgroup usage, limit and events
    // from the cgroup v2 tree
    for (String tree : new String[] {"linux-6.18-x86_64-capture", "cgroup-v2-5.15"}) {
      PrometheusEndpoint endpoint = new PrometheusEndpoint("127.0.0.1", 0);
      try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(endpoint).build()) {
        SnapshotReader snapshots = new SnapshotReader(new ProcFs(
            Paths.get("../core/src/test/resources/proc", tree))).pageSize(4096);
        new ZoneMetrics(provider.get(ZoneMetrics.SCOPE), snapshots::read);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^([a-z_]+)(?:\\{(.*)\\})? ").matcher(r.body());
        while (m.find()) {
          names.add(m.group(1));
          if (m.group(2) != null) {
            Matcher l = Pattern.compile("([a-z_]+)=\"").matcher(m.group(2));
            while (l.find()) {
              names.add(l.group(1));
            }
          }
        }
      }
    }
    // the target label Prometheus adds to every scraped series
    names.add("instance");
    return names;
  }

  static Set<String> referenced(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("linux_memory_[a-z0-9_]+").matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  @Test
  void rulesAndDashboardUseOnlyExportedNames() throws Exception {
    Set<String> exported = exported();
    assertTrue(exported.contains("linux_memory_zone_fragmentation_index"), exported.toString());
    assertTrue(exported.contains("linux_memory_oom_kills_total"), exported.toString());
    String rules = Files.readString(ROOT.resolve("alerts/prometheus-rules.yml"), StandardCharsets.UTF_8);
    Set<String> inRules = referenced(rules);
    inRules.removeAll(exported);
    assertEquals(Set.of(), inRules, "alert rules name series the agent does not export");

    JsonNode dash = new ObjectMapper().readTree(ROOT.resolve("dashboards/grafana/mmlens.json").toFile());
    assertTrue(dash.get("panels").size() >= 6);
    Set<String> inDash = new TreeSet<>();
    for (JsonNode p : dash.get("panels")) {
      for (JsonNode t : p.get("targets")) {
        inDash.addAll(referenced(t.get("expr").asText()));
      }
    }
    assertTrue(inDash.contains("linux_memory_zone_highest_order"), inDash.toString());
    inDash.removeAll(exported);
    assertEquals(Set.of(), inDash, "dashboard queries name series the agent does not export");
  }
}
