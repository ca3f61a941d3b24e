package io.mmlens.core.procfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.Parsed;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ZoneInfoParserTest {

  static Parsed<ZoneInfo> fixture(String tree) throws Exception {
    ProcFs fs = new ProcFs(BuddyInfoParserTest.fixture(tree));
    return ZoneInfoParser.parse(fs.read("/proc/zoneinfo").value(), "/proc/zoneinfo");
  }

  @Test
  void live618() throws Exception {
    Parsed<ZoneInfo> p = fixture("linux-6.18-x86_64-capture");
    assertTrue(p.ok(), p.problems().toString());
    ZoneInfo zi = p.value();
    assertEquals(5, zi.zones().size());
    ZoneInfo.Zone dma32 = zi.find(0, "DMA32");
    assertEquals(1, dma32.indexInNode());
    assertEquals(772917, dma32.free());
    assertEquals(11483, dma32.min());
    assertEquals(14353, dma32.low());
    assertEquals(17223, dma32.high());
    assertEquals(OptionalLong.of(0), dma32.boost());
    assertEquals(OptionalLong.of(20093), dma32.promo());
    assertEquals(OptionalLong.of(772917), dma32.managed());
    assertEquals(OptionalLong.of(0), dma32.cma());
    assertArrayEquals(new long[] {0, 0, 1408, 1408, 1408}, dma32.protection());
    assertEquals(OptionalLong.of(4096), dma32.trailer().get("start_pfn"));
    assertEquals(OptionalLong.of(0), dma32.trailer().get("node_unreclaimable"));
    // per-node stats belong to node 0, not to the DMA zone that printed them
    assertEquals(OptionalLong.of(2309), zi.nodeStats().get(0).get("nr_inactive_anon"));
    assertFalse(zi.find(0, "DMA").items().has("nr_inactive_anon"));
    assertEquals(OptionalLong.of(3840), zi.find(0, "DMA").items().get("nr_free_pages"));
    ZoneInfo.Zone device = zi.find(0, "Device");
    assertEquals(4, device.indexInNode());
    assertFalse(device.populated());
    assertEquals(0, device.items().size());
    // pageset lines (count/high/batch/high_min/high_max) never leak into items
    assertFalse(dma32.items().has("count:"));
    assertFalse(dma32.items().has("vm"));
  }

  @Test
  void era2632() throws Exception {
    Parsed<ZoneInfo> p = fixture("era-2.6.32-zoneinfo");
    assertTrue(p.ok(), p.problems().toString());
    ZoneInfo.Zone dma = p.value().find(0, "DMA");
    assertEquals(OptionalLong.of(12), dma.trailer().get("prev_priority"));
    assertEquals(OptionalLong.of(1), dma.trailer().get("all_unreclaimable"));
    assertEquals(OptionalLong.empty(), dma.managed());
    assertEquals(OptionalLong.empty(), dma.boost());
    assertEquals(OptionalLong.of(0), dma.header().get("scanned"));
    assertArrayEquals(new long[] {0, 2965, 193855, 193855}, dma.protection());
    assertTrue(p.value().nodeStats().isEmpty());
  }

  @Test
  void era49TwoNodes() throws Exception {
    Parsed<ZoneInfo> p = fixture("era-4.9-zoneinfo");
    assertTrue(p.ok(), p.problems().toString());
    ZoneInfo zi = p.value();
    assertEquals(OptionalLong.of(0), zi.find(0, "DMA").header().get("node_scanned"));
    assertEquals(0, zi.find(1, "Normal").indexInNode());
    assertEquals(3, zi.find(0, "Movable").indexInNode());
    assertEquals(2, zi.nodeStats().size());
    assertEquals(OptionalLong.of(0), zi.find(1, "Normal").trailer().get("node_inactive_ratio"));
    assertFalse(zi.find(1, "Normal").items().has("workingset_refault"));
  }

  @Test
  void malformedAndTruncated() {
    String s =
        "Node 0, zone   Normal\n"
            + "  pages free     12x\n"
            + "        min      99999999999999999999\n"
            + "        low      -3\n"
            + "        protection: (0, 1, zz)\n"
            + "      nr_free_pages 7\n"
            + "  weird: 1\n"
            + "Node 0, zone      DMA\n"
            + "  pages free     5";
    Parsed<ZoneInfo> p = ZoneInfoParser.parse(s, "/proc/zoneinfo");
    assertEquals(
        "[/proc/zoneinfo:2: malformed: 'free': unexpected 'x', "
            + "/proc/zoneinfo:3: malformed: 'min': number too large, "
            + "/proc/zoneinfo:4: malformed: 'low': negative count -3, "
            + "/proc/zoneinfo:5: malformed: protection entry 2: expected a number, got 'zz)', "
            + "/proc/zoneinfo:7: malformed: unexpected line 'weird: 1', "
            + "/proc/zoneinfo:1: malformed: Node 0 Normal: no 'min' line, "
            + "/proc/zoneinfo:1: malformed: Node 0 Normal: no 'low' line, "
            + "/proc/zoneinfo:1: malformed: Node 0 Normal: no 'high' line, "
            + "/proc/zoneinfo:8: malformed: Node 0 DMA: no 'min' line, "
            + "/proc/zoneinfo:8: malformed: Node 0 DMA: no 'low' line, "
            + "/proc/zoneinfo:8: malformed: Node 0 DMA: no 'high' line, "
            + "/proc/zoneinfo:9: truncated: last line has no newline; the file may be cut off]",
        p.problems().toString());
    ZoneInfo.Zone n = p.value().find(0, "Normal");
    assertEquals(12, n.free()); // the digits before the garbage are kept
    assertArrayEquals(new long[] {0, 1}, n.protection());
    assertEquals(OptionalLong.of(7), n.items().get("nr_free_pages"));
    assertEquals(5, p.value().find(0, "DMA").free());
  }

  @Test
  void garbageIsNotAnException() {
    Parsed<ZoneInfo> p = ZoneInfoParser.parse("\u0000\u0001garbage\n\n", "/proc/zoneinfo");
    assertEquals(
        "[/proc/zoneinfo:1: malformed: expected 'Node N, zone NAME', got 'garbage']",
        p.problems().toString());
    assertTrue(p.value().zones().isEmpty());
    assertEquals(
        "[/proc/zoneinfo: malformed: no 'Node N, zone NAME' block]",
        ZoneInfoParser.parse("", "/proc/zoneinfo").problems().toString());
  }
}
