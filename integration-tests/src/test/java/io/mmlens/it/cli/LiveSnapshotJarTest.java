package io.mmlens.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar agent/target/mmlens-agent.jar snapshot --format json} on this machine: every
 * zone of /proc/zoneinfo is listed with its watermarks (pages, and bytes by the page size
 * {@code getconf PAGESIZE} reports), and per-order free blocks equal /proc/buddyinfo read just
 * before and just after the run (retried until buddyinfo holds still across a run).
 */
class LiveSnapshotJarTest {

  static final Path JAR = Paths.get("../agent/target/mmlens-agent.jar").toAbsolutePath();

  @Test
  void jsonMatchesZoneinfoAndBuddyinfo() throws Exception {
    long pageSize = Long.parseLong(run("getconf", "PAGESIZE").trim());
    Map<String, long[]> marks = zoneinfoWatermarks(Files.readString(Paths.get("/proc/zoneinfo")));
    assertTrue(marks.size() >= 2, "zoneinfo lists zones: " + marks.keySet());
    for (int attempt = 1; ; attempt++) {
      String before = Files.readString(Paths.get("/proc/buddyinfo"));
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      JsonNode snap = new ObjectMapper().readTree(run(java, "-jar", JAR.toString(), "snapshot", "--format", "json"));
      String after = Files.readString(Paths.get("/proc/buddyinfo"));
      assertEquals(pageSize, snap.get("page_size").asLong());
      Map<String, JsonNode> zones = new LinkedHashMap<>();
      for (JsonNode z : snap.get("zones")) {
        zones.put(z.get("node").asInt() + "/" + z.get("name").asText(), z);
      }
      assertEquals(marks.keySet(), zones.keySet(), "every zoneinfo zone, in order");
      for (Map.Entry<String, long[]> e : marks.entrySet()) {
        JsonNode z = zones.get(e.getKey());
        String[] names = {"min", "low", "high"};
        for (int i = 0; i < 3; i++) {
          assertEquals(e.getValue()[i], z.get(names[i] + "_pages").asLong(), e.getKey() + " " + names[i]);
          assertEquals(e.getValue()[i] * pageSize, z.get(names[i] + "_bytes").asLong(), e.getKey() + " " + names[i]);
        }
      }
      if (!before.equals(after)) {
        assertTrue(attempt < 30, "buddyinfo never held still across a run");
        continue;
      }
      Map<String, List<Long>> buddy = buddyinfo(before);
      assertTrue(!buddy.isEmpty(), before);
      for (Map.Entry<String, List<Long>> e : buddy.entrySet()) {
        JsonNode z = zones.get(e.getKey());
        assertNotNull(z, "buddyinfo zone " + e.getKey() + " is in the snapshot");
        List<Long> got = new ArrayList<>();
        z.get("free_blocks").forEach(n -> got.add(n.asLong()));
        assertEquals(e.getValue(), got, e.getKey() + " free blocks per order");
      }
      return;
    }
  }

  /** "node/zone" → {min, low, high} pages, read the simplest way (independent of core). */
  static Map<String, long[]> zoneinfoWatermarks(String text) {
    Map<String, long[]> out = new LinkedHashMap<>();
    long[] cur = null;
    for (String line : text.split("\n")) {
      String t = line.trim();
      if (line.startsWith("Node ")) {
        String[] p = t.replace(",", "").split("\\s+"); // Node 0 zone DMA32
        cur = new long[3];
        out.put(p[1] + "/" + p[3], cur);
      } else if (cur != null) {
        String[] p = t.split("\\s+");
        if (p.length == 2 && (p[0].equals("min") || p[0].equals("low") || p[0].equals("high"))) {
          cur[p[0].equals("min") ? 0 : p[0].equals("low") ? 1 : 2] = Long.parseLong(p[1]);
        }
      }
    }
    return out;
  }

  static Map<String, List<Long>> buddyinfo(String text) {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] p = line.trim().replace(",", "").split("\\s+"); // Node 0 zone DMA 1 2 3 ...
      if (p.length < 5) {
        continue;
      }
      List<Long> counts = new ArrayList<>();
      for (int i = 4; i < p.length; i++) {
        counts.add(Long.parseLong(p[i]));
      }
      out.put(p[1] + "/" + p[3], counts);
    }
    return out;
  }

  static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " finished");
    assertEquals(0, p.exitValue(), String.join(" ", cmd));
    return new String(out, StandardCharsets.UTF_8);
  }
}
