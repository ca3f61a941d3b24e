package io.mmlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code mmlens snapshot} on every fixture tree of core, in JSON and as the table. */
class SnapshotCommandTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path TREES = CliRun.CORE_FIXTURES.resolve("proc");

  static Stream<String> trees() throws Exception {
    try (Stream<Path> s = Files.list(TREES)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
          .collect(Collectors.toList()).stream();
    }
  }

  /** The command line a user would type for a fixture tree (its snapshot.properties as options). */
  static String[] argv(String tree, String format) throws Exception {
    Path dir = TREES.resolve(tree);
    Properties p = new Properties();
    Path pf = dir.resolve("snapshot.properties");
    if (Files.exists(pf)) {
      try (Reader r = Files.newBufferedReader(pf, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    List<String> a = new ArrayList<>(List.of("snapshot", "--proc-root", dir.toString(), "--format", format));
    if (p.getProperty("pageSize") != null) {
      a.add("--page-size=" + p.getProperty("pageSize"));
    }
    if (p.getProperty("release") != null) {
      a.add("--kernel=" + p.getProperty("release"));
    }
    if (Boolean.parseBoolean(p.getProperty("includePagetypeinfo"))) {
      a.add("--pagetypeinfo");
    }
    return a.toArray(new String[0]);
  }

  /** The JSON printed for each tree equals the reviewed golden file of core (minus time and root). */
  @ParameterizedTest
  @MethodSource("trees")
  void jsonEqualsTheTreesGolden(String tree) throws Exception {
    CliRun r = CliRun.of(argv(tree, "json"));
    JsonNode actual = JSON.readTree(r.out);
    assertTrue(actual.get("capture_time").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), r.toString());
    ((ObjectNode) actual).remove("capture_time");
    ((ObjectNode) actual).remove("root");
    JsonNode expected = JSON.readTree(TREES.resolve(tree).resolve("expected.json").toFile());
    assertEquals(expected, actual, tree);
    // A tree with no zone at all is a failure the user must see in the exit code.
    assertEquals(expected.get("zones").size() == 0 ? 1 : 0, r.code, r.toString());
  }

  @Test
  void tableShowsWatermarksLargestOrderFragmentationAndWarnings() throws Exception {
    CliRun r = CliRun.of(argv("era-3.10-zoneinfo", "text"));
    assertEquals(0, r.code, r.toString());
    // era-3.10 zoneinfo: DMA32 min 2994 pages = 11.7 MiB; buddyinfo: largest DMA32 block order 4,
    // and the kernel formula gives 0.947 at order 5 (no order-5 block, 30615 free pages in 17908 blocks).
    String dma32 = lineStartingWith(r.out, "Node 0 DMA32");
    assertTrue(dma32.contains("11.7 MiB"), dma32);
    assertTrue(dma32.contains("order 4"), dma32);
    assertTrue(dma32.contains("0.947"), dma32);
    // 3.10 uses the pre-4.4 per-order check: order 4 blocks exist (6 × 64 KiB) yet the check fails.
    assertTrue(r.out.contains("warning: Node 0 DMA32: order-4 requests (64 KiB) would fail at low: only 384 KiB"
        + " free in blocks of order 4 or larger"), r.out);
    // Normal (10104 free pages, low 16966) is below low: even order 0 fails, for lack of memory.
    assertTrue(r.out.contains("warning: Node 0 Normal: order-0 requests (4 KiB) would fail at low: free 39.5 MiB"
        + " is not above low 66.3 MiB"), r.out);
    assertFalse(r.out.contains("warning: Node 0 DMA:"), "DMA has order-10 blocks and free above low\n" + r.out);
  }

  @Test
  void unpopulatedZonesAreMarkedEmptyAndNeverWarned() throws Exception {
    CliRun r = CliRun.of(argv("linux-6.18-x86_64-capture", "text"));
    assertTrue(lineStartingWith(r.out, "Node 0 Movable").contains("empty"), r.out);
    assertFalse(r.out.contains("warning: Node 0 Movable"), r.out);
  }

  @Test
  void missingZoneinfoShowsUnknownWatermarksAndSaysWhy() throws Exception {
    CliRun r = CliRun.of(argv("seed-000-linux-2.6.32-el6", "text"));
    assertTrue(lineStartingWith(r.out, "Node 1 Normal").contains("?"), r.out);
    assertTrue(r.out.contains("note: /proc/zoneinfo: missing: no such file"), r.out);
  }

  @Test
  void pageSizeScalesEveryByteFigure() throws Exception {
    CliRun k4 = CliRun.of("snapshot", "--proc-root", TREES.resolve("arm64-64k-6.1").toString(), "--format", "json");
    CliRun k64 = CliRun.of(argv("arm64-64k-6.1", "json"));
    JsonNode z4 = JSON.readTree(k4.out).get("zones").get(0);
    JsonNode z64 = JSON.readTree(k64.out).get("zones").get(0);
    assertEquals(z4.get("free_pages"), z64.get("free_pages"));
    assertEquals(z4.get("free_bytes").asLong() * 16, z64.get("free_bytes").asLong());
    assertEquals(65536, JSON.readTree(k64.out).get("page_size").asInt());
  }

  @Test
  void watchRereadsTheTreeEveryIntervalUntilInterrupted() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8);
    String[] a = {"snapshot", "--proc-root", TREES.resolve("era-4.9-zoneinfo").toString(), "--format", "json",
        "--watch", "1"};
    int[] code = {-1};
    Thread t = new Thread(() -> code[0] = Main.run(a, out, out));
    t.start();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (bytes.toString(StandardCharsets.UTF_8).split("\n").length < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    t.interrupt();
    t.join(5000);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertTrue(lines.length >= 2, "two refreshes within 20 s");
    // Each refresh is a fresh read: its own capture time, the same zones.
    JsonNode first = JSON.readTree(lines[0]);
    JsonNode second = JSON.readTree(lines[1]);
    assertFalse(first.get("capture_time").equals(second.get("capture_time")));
    assertEquals(first.get("zones"), second.get("zones"));
    assertEquals(0, code[0]);
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheOption() {
    CliRun r = CliRun.of("snapshot", "--watch", "soon");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("option --watch needs a whole number, got 'soon'"), r.err);
    r = CliRun.of("snapshot", "--page-size", "5000");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("power of two"), r.err);
    r = CliRun.of("snapshot", "--format", "yaml");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("option --format must be one of text, json, got 'yaml'"), r.err);
    r = CliRun.of("snapshot", "--proc-root", "/nonexistent/tree");
    assertEquals(1, r.code);
    assertTrue(r.err.contains("--proc-root /nonexistent/tree: not a directory"), r.err);
  }

  static String lineStartingWith(String text, String prefix) {
    for (String l : text.split("\n")) {
      if (l.startsWith(prefix)) {
        return l;
      }
    }
    throw new AssertionError("no line starting with '" + prefix + "' in\n" + text);
  }
}
