package io.mmlens.it.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmlens.core.kmsg.LineDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kernel_mm installed into a real Elasticsearch node: pipeline, templates, seed logs, queries. */
class KernelMmElasticsearchTest {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static EsNode node;

  static Path pluginZip() throws Exception {
    try (Stream<Path> s = Files.list(REPO.resolve("elasticsearch-ingest/target"))) {
      return s.filter(p -> p.getFileName().toString().equals("mmlens-ingest-8.19.21.zip")).findFirst()
          .orElseThrow(() -> new IllegalStateException("build elasticsearch-ingest first (mmlens-ingest-8.19.21.zip)"));
    }
  }

  static List<Path> seedLogs() throws Exception {
    try (Stream<Path> s = Files.list(REPO.resolve("core/src/test/resources/reports"))) {
      return s.map(d -> d.resolve("input.log")).filter(Files::exists).sorted().collect(Collectors.toList());
    }
  }

  static String seedName(Path log) {
    return log.getParent().getFileName().toString();
  }

  @BeforeAll
  static void start() throws Exception {
    node = new EsNode(Path.of("target/es-dist").toAbsolutePath(), pluginZip());
    try {
      node.start();
      String res = "elasticsearch-ingest/src/main/resources/elasticsearch/";
      node.ok("PUT", "/_component_template/mmlens-kernel-mm", Files.readString(REPO.resolve(res + "component-template.json")));
      node.ok("PUT", "/_index_template/mmlens-kernel-mm", Files.readString(REPO.resolve(res + "index-template.json")));
      node.ok("PUT", "/_ingest/pipeline/kernel-mm", "{\"processors\":[{\"kernel_mm\":{\"field\":\"message\"}}]}");
      StringBuilder lines = new StringBuilder();
      StringBuilder reports = new StringBuilder();
      for (Path log : seedLogs()) {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        // what Filebeat adds: the file (so each seed's documents can be found) and @timestamp
        String shipper = ",\"log\":{\"file\":{\"path\":" + json(seedName(log))
            + "}},\"@timestamp\":\"2026-11-22T09:00:00Z\"}\n";
        for (String line : text.split("\n")) {
          lines.append("{\"index\":{}}\n{\"message\":").append(json(line)).append(shipper);
        }
        reports.append("{\"index\":{}}\n{\"message\":").append(json(text)).append(shipper);
      }
      assertBulkClean(node.ok("POST", "/kernel-mm-lines/_bulk?pipeline=kernel-mm&refresh=true", lines.toString()));
      assertBulkClean(node.ok("POST", "/kernel-mm-reports/_bulk?pipeline=kernel-mm&refresh=true", reports.toString()));
    } catch (Throwable t) {
      node.close();
      node = null;
      throw t;
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static void assertBulkClean(String body) {
    assertTrue(body.contains("\"errors\":false"), body.length() > 3000 ? body.substring(0, 3000) : body);
  }

  static long hits(String body) {
    Matcher m = Pattern.compile("\"total\":\\{\"value\":(\\d+)").matcher(body);
    assertTrue(m.find(), body);
    return Long.parseLong(m.group(1));
  }

  static long search(String index, String query) throws Exception {
    return hits(node.ok("POST", "/" + index + "/_search", "{\"query\":" + query + "}"));
  }

  @Test
  void everyReportIsDecodedWhole() throws Exception {
    long docs = seedLogs().size();
    // one report per document: linux.mm.kind; several in one document: linux.mm.reports[]
    assertEquals(docs, search("kernel-mm-reports", "{\"bool\":{\"should\":[{\"exists\":{\"field\":\"linux.mm.kind\"}},"
        + "{\"nested\":{\"path\":\"linux.mm.reports\",\"query\":{\"exists\":{\"field\":\"linux.mm.reports.kind\"}}}}]}}"));
    // seed002 (3.2.59) and seed003 (3.13.0-86) hold one OOM kill each
    assertEquals(2, search("kernel-mm-reports", "{\"term\":{\"linux.mm.kind\":\"oom_kill\"}}"));
    assertEquals(1, search("kernel-mm-reports", "{\"term\":{\"linux.mm.kernel.release\":\"3.13.0-86-generic\"}}"));
    // zones are nested: "Normal AND largest free order <= 2" must hold in the same zone (seed003 only)
    assertEquals(1, search("kernel-mm-reports", "{\"nested\":{\"path\":\"linux.mm.zones\",\"query\":{\"bool\":{\"filter\":["
        + "{\"term\":{\"linux.mm.zones.name\":\"Normal\"}},{\"range\":{\"linux.mm.zones.largest_free_order\":{\"lte\":2}}}]}}}}"));
    // seed004: an order-6 allocation failure and a cache create failure in one document
    assertEquals(1, search("kernel-mm-reports", "{\"nested\":{\"path\":\"linux.mm.reports\",\"query\":"
        + "{\"term\":{\"linux.mm.reports.kind\":\"cache_create_failure\"}}}}"));
  }

  @Test
  void verdictsAndDecodedGfpAreSearchable() throws Exception {
    // One report per document: seed002 (3.2.59, lowmem Normal at min, HighMem free) is the only
    // zone_exhaustion; seed003 the only memory_exhaustion; the 6.18 capture the memcg_limit.
    assertEquals(1, search("kernel-mm-reports", "{\"term\":{\"linux.mm.diagnosis.verdict\":\"zone_exhaustion\"}}"));
    assertEquals(1, search("kernel-mm-reports", "{\"term\":{\"linux.mm.diagnosis.verdict\":\"memory_exhaustion\"}}"));
    assertEquals(1, search("kernel-mm-reports", "{\"term\":{\"linux.mm.diagnosis.verdict\":\"memcg_limit\"}}"));
    // Two reports per document: seed000 (no-header dump) and seed004 (order 6) are fragmentation.
    assertEquals(2, search("kernel-mm-reports", "{\"nested\":{\"path\":\"linux.mm.reports\",\"query\":"
        + "{\"term\":{\"linux.mm.reports.diagnosis.verdict\":\"fragmentation\"}}}}"));
    // The summary is full text: "largest free block" finds the fragmentation explanations.
    assertEquals(2, search("kernel-mm-reports", "{\"nested\":{\"path\":\"linux.mm.reports\",\"query\":"
        + "{\"match_phrase\":{\"linux.mm.reports.diagnosis.summary\":\"largest free block\"}}}}"));
    // seed003's 0x200da with the 3.13 table (the article read it with the wrong era).
    assertEquals(1, search("kernel-mm-reports", "{\"term\":{\"linux.mm.request.gfp.symbolic\":\"GFP_HIGHUSER_MOVABLE\"}}"));
    assertEquals(1, search("kernel-mm-reports", "{\"term\":{\"linux.mm.request.gfp.flags\":\"__GFP_HIGHMEM\"}}"));
    // seed001: 32-bit Normal does not fit the order-1 request, nested per zone.
    assertEquals(1, search("kernel-mm-reports", "{\"nested\":{\"path\":\"linux.mm.reports\",\"query\":"
        + "{\"bool\":{\"filter\":[{\"term\":{\"linux.mm.reports.request.process.name\":\"apache2\"}},"
        + "{\"nested\":{\"path\":\"linux.mm.reports.zones\",\"query\":{\"bool\":{\"filter\":["
        + "{\"term\":{\"linux.mm.reports.zones.name\":\"Normal\"}},"
        + "{\"term\":{\"linux.mm.reports.zones.request_fit\":\"fails\"}}]}}}}]}}}}"));
  }

  @Test
  void kernelReleaseFieldChoosesTheGfpTable() throws Exception {
    node.ok("PUT", "/_ingest/pipeline/kernel-mm-release",
        "{\"processors\":[{\"kernel_mm\":{\"kernel_release_field\":\"host.os.kernel\"}}]}");
    String header = "Apr 23 10:33:15 web kernel: nginx invoked oom-killer: gfp_mask=0x200da, order=0, oom_score_adj=0";
    String out = node.ok("POST", "/_ingest/pipeline/kernel-mm-release/_simulate", "{\"docs\":["
        + "{\"_source\":{\"message\":" + json(header) + ",\"host\":{\"os\":{\"kernel\":\"3.13.0-86-generic\"}}}},"
        + "{\"_source\":{\"message\":" + json(header) + ",\"host\":{\"os\":{\"kernel\":\"6.1.0-18-amd64\"}}}}]}");
    int first = out.indexOf("\"symbolic\":\"GFP_HIGHUSER_MOVABLE\"");
    assertTrue(first > 0, out);
    assertTrue(out.indexOf("__GFP_MEMALLOC", first) > first, "the 6.1 table reads bit 0x2000 differently: " + out);
    // kernel_release on a whole report (seed 003, printed by 3.13) overrides the report's own release
    String seed003 = Files.readString(REPO.resolve("core/src/test/resources/reports/seed003-3.13.0-86-generic/input.log"),
        StandardCharsets.UTF_8);
    String whole = node.ok("POST", "/_ingest/pipeline/_simulate", "{\"pipeline\":{\"processors\":"
        + "[{\"kernel_mm\":{\"kernel_release\":\"6.1.0-18-amd64\"}}]},\"docs\":[{\"_source\":{\"message\":"
        + json(seed003) + "}}]}");
    assertTrue(whole.contains("\"era_source\":\"override\"") && whole.contains("__GFP_MEMALLOC")
        && !whole.contains("GFP_HIGHUSER_MOVABLE"), whole);
    assertTrue(whole.contains("\"verdict\":\"memory_exhaustion\""), whole);
  }

  @Test
  void linesAreDecodedOneByOne() throws Exception {
    assertTrue(search("kernel-mm-lines", "{\"term\":{\"linux.mm.line_kind\":\"zone\"}}") >= 5);
    assertTrue(search("kernel-mm-lines", "{\"term\":{\"event.action\":\"page-allocation-failure\"}}") >= 1);
    assertTrue(search("kernel-mm-lines", "{\"range\":{\"linux.mm.zone.fragmentation_index\":{\"gt\":0.5}}}") >= 1);
    assertEquals(1, search("kernel-mm-lines", "{\"term\":{\"linux.mm.request.gfp.mask\":\"0x10c0d0\"}}"));
    // a lone header line gets its gfp decoded too (era from the printed names or the mask's shape)
    assertEquals(1, search("kernel-mm-lines", "{\"term\":{\"linux.mm.request.gfp.symbolic\":\"GFP_ATOMIC\"}}"));
    // unrelated lines pass through without fields
    long all = search("kernel-mm-lines", "{\"match_all\":{}}");
    long decoded = search("kernel-mm-lines", "{\"exists\":{\"field\":\"linux.mm.line_kind\"}}");
    assertTrue(decoded > 0 && decoded <= all, decoded + " of " + all);
  }

  /** Per seed: the header's gfp as the lone line gives it, and the whole report's verdict(s). */
  static final Map<String, String[]> SEEDS = new TreeMap<>(Map.of(
      "devkmsg-memcg-v1-6.18.44-fc-v657", new String[] {"GFP_KERNEL", "memcg_limit"},
      "seed000-2.6.32-431.17.1.el6.x86_64", new String[] {"GFP_ATOMIC", "fragmentation"},
      "seed001-2.6.39-linode33", new String[] {"GFP_KERNEL", "zone_exhaustion"},
      "seed002-3.2.59", new String[] {"GFP_KERNEL|__GFP_REPEAT|__GFP_ZERO", "zone_exhaustion"},
      "seed003-3.13.0-86-generic", new String[] {"GFP_HIGHUSER_MOVABLE", "memory_exhaustion"},
      "seed004-3.10.0-514.el7.x86_64", new String[] {"GFP_KERNEL|__GFP_COMP|__GFP_ZERO|__GFP_KMEMCG", "fragmentation"}));

  static String seed(String name) {
    return "{\"term\":{\"log.file.path.keyword\":" + json(name) + "}}";
  }

  static String and(String a, String b) {
    return "{\"bool\":{\"filter\":[" + a + "," + b + "]}}";
  }

  /** A term on linux.mm.{field}, whether the document holds one report or several (nested). */
  static String either(String field, String value) {
    return "{\"bool\":{\"should\":[{\"term\":{\"linux.mm." + field + "\":" + json(value) + "}},"
        + "{\"nested\":{\"path\":\"linux.mm.reports\",\"query\":{\"term\":"
        + "{\"linux.mm.reports." + field + "\":" + json(value) + "}}}}]}}";
  }

  @Test
  void everySeedIsIndexedLineByLineWithItsMemoryLinesDecoded() throws Exception {
    List<Path> logs = seedLogs();
    assertEquals(SEEDS.keySet(), logs.stream().map(KernelMmElasticsearchTest::seedName)
        .collect(Collectors.toCollection(TreeSet::new)), "seed fixtures changed: update SEEDS");
    for (Path log : logs) {
      String name = seedName(log);
      String[] lines = Files.readString(log, StandardCharsets.UTF_8).split("\n");
      long memory = 0;
      for (String line : lines) {
        memory += new LineDecoder("expected").decode(line).memoryRelated() ? 1 : 0;
      }
      // every line is a document; exactly the lines core calls memory-related carry fields
      assertEquals(lines.length, search("kernel-mm-lines", seed(name)), name);
      assertTrue(memory > 0, name);
      assertEquals(memory, search("kernel-mm-lines", and(seed(name),
          "{\"exists\":{\"field\":\"linux.mm.line_kind\"}}")), name);
      // its one header line: decoded gfp, searchable by the kernel-style symbolic form
      assertEquals(1, search("kernel-mm-lines", and(seed(name),
          "{\"exists\":{\"field\":\"linux.mm.request.gfp.symbolic\"}}")), name);
      assertEquals(1, search("kernel-mm-lines", and(seed(name),
          "{\"term\":{\"linux.mm.request.gfp.symbolic\":" + json(SEEDS.get(name)[0]) + "}}")), name);
      // the whole-report document: its verdict, whether it holds one report or several
      String verdict = json(SEEDS.get(name)[1]);
      assertEquals(1, search("kernel-mm-reports", and(seed(name), "{\"bool\":{\"should\":["
          + "{\"term\":{\"linux.mm.diagnosis.verdict\":" + verdict + "}},"
          + "{\"nested\":{\"path\":\"linux.mm.reports\",\"query\":{\"term\":"
          + "{\"linux.mm.reports.diagnosis.verdict\":" + verdict + "}}}}]}}")), name);
    }
    // diagnosis factors are keywords: slab_heavy in seeds 001 (two-report document), 002 and 004
    assertEquals(3, search("kernel-mm-reports", either("diagnosis.factors.name", "slab_heavy")));
    assertEquals(2, search("kernel-mm-reports", either("diagnosis.factors.name", "anon_dominant")));
    // a decoded gfp flag on per-line documents: 0x84d0 (seed 002) and 0x10c0d0 (seed 004) zero pages
    assertEquals(2, search("kernel-mm-lines", "{\"term\":{\"linux.mm.request.gfp.flags\":\"__GFP_ZERO\"}}"));
    assertEquals(1, search("kernel-mm-lines", and(seed("seed004-3.10.0-514.el7.x86_64"),
        "{\"term\":{\"linux.mm.request.gfp.flags\":\"__GFP_KMEMCG\"}}")));
  }

  /** Every field the Kibana dashboard aggregates on exists in the indexed data and is aggregatable. */
  @Test
  void dashboardFieldsAreMappedAndAggregatable() throws Exception {
    Path ndjson = REPO.resolve("elasticsearch-ingest/src/main/resources/elasticsearch/kibana-dashboard.ndjson");
    ObjectMapper om = new ObjectMapper();
    Set<String> fields = new TreeSet<>();
    for (String line : Files.readAllLines(ndjson, StandardCharsets.UTF_8)) {
      JsonNode attrs = om.readTree(line).path("attributes");
      if (attrs.has("visState")) {
        for (JsonNode agg : om.readTree(attrs.get("visState").asText()).path("aggs")) {
          if (agg.path("params").has("field")) {
            fields.add(agg.path("params").get("field").asText());
          }
        }
      }
    }
    assertTrue(fields.contains("linux.mm.diagnosis.verdict"), fields.toString());
    JsonNode caps = om.readTree(node.ok("GET", "/kernel-mm-*/_field_caps?fields=" + String.join(",", fields), null))
        .path("fields");
    for (String f : fields) {
      JsonNode types = caps.path(f);
      assertTrue(types.size() == 1, f + " mapped as " + types);
      assertTrue(types.elements().next().path("aggregatable").asBoolean(), f + " " + types);
    }
  }

  @Test
  void malformedZoneLineFailsAndIgnoreFailureKeepsDocument() throws Exception {
    String bad = "{\"message\":\"Nov 12 15:15:41 kernel: Node 0 Normal free:31x1184kB min:55536kB low:zz high:83304kB\"}";
    String failing = node.ok("POST", "/_ingest/pipeline/_simulate",
        "{\"pipeline\":{\"processors\":[{\"kernel_mm\":{}}]},\"docs\":[{\"_source\":" + bad + "}]}");
    assertTrue(failing.contains("field [message] has a malformed kernel memory line"), failing);
    String ignored = node.ok("POST", "/_ingest/pipeline/_simulate",
        "{\"pipeline\":{\"processors\":[{\"kernel_mm\":{\"ignore_failure\":true}}]},\"docs\":[{\"_source\":" + bad + "}]}");
    assertTrue(ignored.contains("\"_source\":" + bad), ignored);
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\r': b.append("\\r"); break;
        case '\t': b.append("\\t"); break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }
}
