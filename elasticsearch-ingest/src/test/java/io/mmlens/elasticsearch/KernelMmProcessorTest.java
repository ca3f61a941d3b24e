package io.mmlens.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elasticsearch.index.VersionType;
import org.elasticsearch.ingest.IngestDocument;
import org.junit.jupiter.api.Test;

class KernelMmProcessorTest {

  static final Path SEED4 = Path.of("../core/src/test/resources/reports/seed004-3.10.0-514.el7.x86_64/input.log");

  private static KernelMmProcessor processor() {
    return new KernelMmProcessor("t", null, "message", "linux.mm", null, null, false);
  }

  private static IngestDocument doc(Object message) {
    Map<String, Object> src = new HashMap<>();
    if (message != null) {
      src.put("message", message);
    }
    return new IngestDocument("idx", "1", 1, null, VersionType.INTERNAL, src);
  }

  @Test
  void unrelatedLinePassesThroughUntouched() {
    IngestDocument d = doc("Nov 12 15:15:41 host sshd[1]: Accepted publickey for root");
    Map<String, Object> before = new HashMap<>(d.getSource());
    processor().execute(d);
    assertEquals(before, d.getSource());
  }

  @Test
  void zoneLineIsDecoded() throws Exception {
    String line = Files.readAllLines(SEED4, StandardCharsets.UTF_8).get(45);
    IngestDocument d = processor().execute(doc(line));
    Map<?, ?> mm = d.getFieldValue("linux.mm", Map.class);
    assertEquals("zone", mm.get("line_kind"));
    assertTrue(mm.toString().contains("Normal"), mm.toString());
    assertNotNull(d.getFieldValue("event.kind", Object.class));
  }

  @Test
  void buddyLineIsDecoded() throws Exception {
    String line = Files.readAllLines(SEED4, StandardCharsets.UTF_8).get(52);
    IngestDocument d = processor().execute(doc(line));
    Map<?, ?> mm = d.getFieldValue("linux.mm", Map.class);
    assertEquals("buddy", mm.get("line_kind"));
    assertTrue(mm.toString().contains("34178"), mm.toString());
  }

  @Test
  void headerLineDecodesOrder() throws Exception {
    String line = Files.readAllLines(SEED4, StandardCharsets.UTF_8).get(0);
    IngestDocument d = processor().execute(doc(line));
    Map<?, ?> mm = d.getFieldValue("linux.mm", Map.class);
    assertEquals("alloc_failure_header", mm.get("line_kind"));
    assertTrue(mm.toString().contains("order=6"), mm.toString());
    assertEquals("page-allocation-failure", d.getFieldValue("event.action", String.class));
  }

  @Test
  void wholeReportGivesAnalysis() throws Exception {
    String text = Files.readString(SEED4, StandardCharsets.UTF_8);
    IngestDocument d = processor().execute(doc(text));
    Map<?, ?> mm = d.getFieldValue("linux.mm", Map.class);
    // seed004 holds an order-6 allocation failure and a cache create failure
    java.util.List<?> reports = (java.util.List<?>) mm.get("reports");
    assertEquals(2, reports.size());
    assertEquals("alloc_failure", ((Map<?, ?>) reports.get(0)).get("kind"));
    assertEquals("cache_create_failure", ((Map<?, ?>) reports.get(1)).get("kind"));
    assertEquals(6, ((Number) d.getFieldValue("linux.mm.reports.0.request.order", Object.class)).intValue());
    assertEquals("kernel-memory-report", d.getFieldValue("event.action", String.class));
  }

  @Test
  void malformedZoneLineFailsAndLeavesDocument() {
    IngestDocument d = doc("Nov 12 15:15:41 kernel: Node 0 Normal free:31x1184kB min:55536kB low:zz high:83304kB");
    Map<String, Object> before = new HashMap<>(d.getSource());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> processor().execute(d));
    assertTrue(e.getMessage().startsWith("field [message] has a malformed kernel memory line"), e.getMessage());
    assertEquals(before, d.getSource());
  }

  @Test
  void missingField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> processor().execute(doc(null)));
    assertTrue(e.getMessage().contains("[message]"), e.getMessage());
    IngestDocument d = doc(null);
    new KernelMmProcessor("t", null, "message", "linux.mm", null, null, true).execute(d);
    assertFalse(d.hasField("linux"));
  }

  @Test
  void hugeValueIsRefused() {
    String big = "x\n".repeat(KernelMmProcessor.MAX_CHARS / 2 + 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> processor().execute(doc(big)));
    assertTrue(e.getMessage().contains("over the"), e.getMessage());
  }

  /** seed 003's header mask read with the 3.13 table (as the report says) or a 6.x one. */
  @Test
  void kernelReleaseOptionAndFieldChooseTheGfpTable() throws Exception {
    String header = "Apr 23 10:33:15 web kernel: [1772321.850644] nginx invoked oom-killer: "
        + "gfp_mask=0x200da, order=0, oom_score_adj=0";
    IngestDocument d = new KernelMmProcessor("t", null, "message", "linux.mm",
        io.mmlens.core.KernelRelease.parse("3.13.0-86-generic"), null, false).execute(doc(header));
    assertEquals("GFP_HIGHUSER_MOVABLE", d.getFieldValue("linux.mm.request.gfp.symbolic", String.class));
    assertEquals("override", d.getFieldValue("linux.mm.request.gfp.era_source", String.class));
    IngestDocument byField = doc(header);
    byField.setFieldValue("host.os.kernel", "6.1.0-18-amd64");
    new KernelMmProcessor("t", null, "message", "linux.mm", null, "host.os.kernel", false).execute(byField);
    List<?> flags = byField.getFieldValue("linux.mm.request.gfp.flags", List.class);
    assertTrue(flags.contains("__GFP_MEMALLOC"), flags.toString());
    IngestDocument bad = doc(header);
    bad.setFieldValue("host.os.kernel", "linux");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new KernelMmProcessor("t", null, "message", "linux.mm", null, "host.os.kernel", false).execute(bad));
    assertTrue(e.getMessage().contains("[host.os.kernel] holds [linux]"), e.getMessage());
  }

  /** A whole report gets the same verdict `mmlens analyze` prints. */
  @Test
  void wholeReportCarriesTheDiagnosis() throws Exception {
    IngestDocument d = processor().execute(doc(Files.readString(SEED4, StandardCharsets.UTF_8)));
    List<?> reports = d.getFieldValue("linux.mm.reports", List.class);
    Map<?, ?> first = (Map<?, ?>) reports.get(0);
    assertEquals("fragmentation", ((Map<?, ?>) first.get("diagnosis")).get("verdict"));
    assertEquals("GFP_KERNEL|__GFP_COMP|__GFP_ZERO|__GFP_KMEMCG",
        ((Map<?, ?>) ((Map<?, ?>) first.get("request")).get("gfp")).get("symbolic"));
  }

  static final Path SEED3 = Path.of("../core/src/test/resources/reports/seed003-3.13.0-86-generic/input.log");

  /**
   * The whole seed 003 report: its own release (3.13) reads 0x200da as GFP_HIGHUSER_MOVABLE; with
   * kernel_release 6.1 the same bits are the 6.x table's (0x2000 is __GFP_MEMALLOC there), so the
   * option really reaches the report path, not only lone header lines.
   */
  @Test
  void kernelReleaseOptionReachesWholeReports() throws Exception {
    String text = Files.readString(SEED3, StandardCharsets.UTF_8);
    IngestDocument own = processor().execute(doc(text));
    assertEquals("GFP_HIGHUSER_MOVABLE", own.getFieldValue("linux.mm.request.gfp.symbolic", String.class));
    assertEquals("release", own.getFieldValue("linux.mm.request.gfp.era_source", String.class));
    assertEquals("B", own.getFieldValue("linux.mm.request.gfp.era", String.class));
    assertEquals("memory_exhaustion", own.getFieldValue("linux.mm.diagnosis.verdict", String.class));

    IngestDocument as61 = new KernelMmProcessor("t", null, "message", "linux.mm",
        io.mmlens.core.KernelRelease.parse("6.1.0-18-amd64"), null, false).execute(doc(text));
    assertEquals("override", as61.getFieldValue("linux.mm.request.gfp.era_source", String.class));
    assertEquals("G", as61.getFieldValue("linux.mm.request.gfp.era", String.class));
    List<?> flags = as61.getFieldValue("linux.mm.request.gfp.flags", List.class);
    assertTrue(flags.contains("__GFP_MEMALLOC"), flags.toString());
    assertFalse(flags.contains("__GFP_HIGHMEM") && flags.contains("__GFP_HARDWALL"), flags.toString());

    IngestDocument byField = doc(text);
    byField.setFieldValue("host.os.kernel", "6.1.0-18-amd64");
    new KernelMmProcessor("t", null, "message", "linux.mm", null, "host.os.kernel", false).execute(byField);
    assertEquals(as61.getFieldValue("linux.mm.request.gfp", Map.class),
        byField.getFieldValue("linux.mm.request.gfp", Map.class));
  }

  /** The release field is read only for lines with a gfp mask: other lines never fail on it. */
  @Test
  void releaseFieldIsNotReadForLinesWithoutAMask() throws Exception {
    KernelMmProcessor p = new KernelMmProcessor("t", null, "message", "linux.mm", null, "host.os.kernel", false);
    IngestDocument unrelated = doc("Nov 12 15:15:41 host sshd[1]: Accepted publickey for root");
    unrelated.setFieldValue("host.os.kernel", "not a release");
    Map<String, Object> before = new HashMap<>(unrelated.getSource());
    p.execute(unrelated);
    assertEquals(before, unrelated.getSource());
    IngestDocument zone = doc(Files.readAllLines(SEED4, StandardCharsets.UTF_8).get(45));
    zone.setFieldValue("host.os.kernel", "not a release");
    p.execute(zone);
    assertEquals("zone", zone.getFieldValue("linux.mm.line_kind", String.class));
    IngestDocument lines = doc("Nov 12 15:15:41 host sshd[1]: one\nNov 12 15:15:42 host sshd[1]: two");
    lines.setFieldValue("host.os.kernel", "not a release");
    Map<String, Object> unchanged = new HashMap<>(lines.getSource());
    p.execute(lines);
    assertEquals(unchanged, lines.getSource());
    IngestDocument report = doc(Files.readString(SEED3, StandardCharsets.UTF_8));
    report.setFieldValue("host.os.kernel", "not a release");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.execute(report));
    assertTrue(e.getMessage().contains("[host.os.kernel] holds [not a release]"), e.getMessage());
  }

  /**
   * The whole-report tree is exactly what {@code mmlens analyze --format json} prints: for every
   * seed, the same as core's reviewed golden file (expected.json, the analyze JSON) and the same
   * as the CLI's path (a {@code KernelLogDecoder} fed line by line).
   */
  @Test
  void wholeReportsEqualTheAnalyzeJsonForEverySeed() throws Exception {
    Path root = Path.of("../core/src/test/resources/reports");
    List<Path> dirs;
    try (java.util.stream.Stream<Path> s = Files.list(root)) {
      dirs = s.filter(d -> Files.exists(d.resolve("expected.json"))).sorted()
          .collect(java.util.stream.Collectors.toList());
    }
    assertEquals(6, dirs.size(), dirs.toString());
    for (Path dir : dirs) {
      String text = Files.readString(dir.resolve("input.log"), StandardCharsets.UTF_8);
      IngestDocument d = processor().execute(doc(text));
      Map<?, ?> mm = d.getFieldValue("linux.mm", Map.class);
      List<?> got = mm.containsKey("reports") ? (List<?>) mm.get("reports") : List.of(mm);

      List<Object> cli = new java.util.ArrayList<>();
      io.mmlens.core.kmsg.KernelLogDecoder dec =
          new io.mmlens.core.kmsg.KernelLogDecoder("message", null, r -> cli.add(r.toMap()));
      for (String line : text.split("\n")) {
        dec.accept(line);
      }
      dec.flush();
      assertEquals(cli, got, dir.toString());

      String golden = Files.readString(dir.resolve("expected.json"), StandardCharsets.UTF_8);
      assertEquals(compact(golden), compact(io.mmlens.core.json.Json.write(got)), dir.toString());
    }
  }

  /** JSON text without the whitespace between tokens (pretty and compact writers then compare). */
  private static String compact(String json) {
    StringBuilder b = new StringBuilder(json.length());
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        b.append(c);
        if (c == '\\') {
          b.append(json.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (!Character.isWhitespace(c)) {
        b.append(c);
        inString = c == '"';
      }
    }
    return b.toString();
  }
}
