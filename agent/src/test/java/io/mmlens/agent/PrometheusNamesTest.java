package io.mmlens.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.SnapshotReader;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
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
 * names are derived from the instruments (name, unit, type) by the OpenTelemetry-to-Prometheus
 * translation, never copied by hand.
 */
class PrometheusNamesTest {

  static final Path ROOT = Paths.get("..");

  /** Metric and label names as Prometheus sees the agent's instruments. */
  static Set<String> exported() {
    Set<String> names = new TreeSet<>();
    // zones, buddyinfo, vmstat and PSI from the 6.18 capture; cgroup usage, limit and events
    // from the cgroup v2 tree
    for (String tree : new String[] {"linux-6.18-x86_64-capture", "cgroup-v2-5.15"}) {
      InMemoryMetricReader reader = InMemoryMetricReader.create();
      SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
      SnapshotReader snapshots = new SnapshotReader(new ProcFs(
          Paths.get("../core/src/test/resources/proc", tree))).pageSize(4096);
      try (ZoneMetrics m = new ZoneMetrics(provider.get("test"), snapshots::read)) {
        for (MetricData d : reader.collectAllMetrics()) {
          names.add(prometheusName(d));
          for (PointData p : d.getData().getPoints()) {
            p.getAttributes().forEach((k, v) -> names.add(k.getKey().replace('.', '_')));
          }
        }
      }
    }
    // the target label Prometheus adds to every scraped series
    names.add("instance");
    return names;
  }

  /**
   * The OpenTelemetry Java Prometheus exporter's naming (what the agent's endpoint serves) for the
   * units and types we use: "1" and annotation units add no suffix.
   */
  static String prometheusName(MetricData d) {
    String n = d.getName().replace('.', '_');
    String unit = d.getUnit();
    boolean counter = (d.getType() == MetricDataType.LONG_SUM && d.getLongSumData().isMonotonic())
        || (d.getType() == MetricDataType.DOUBLE_SUM && d.getDoubleSumData().isMonotonic());
    if ("By".equals(unit)) {
      n += "_bytes";
    } else if ("s".equals(unit)) {
      n += "_seconds";
    }
    return counter ? n + "_total" : n;
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
