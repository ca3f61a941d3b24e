package io.mmlens.core.procfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuddyInfoParserTest {

  static Path fixture(String name) throws Exception {
    return Paths.get(BuddyInfoParserTest.class.getResource("/proc/" + name).toURI());
  }

  @Test
  void capturedSixEighteen() throws Exception {
    ProcFs fs = new ProcFs(fixture("linux-6.18-x86_64-capture"));
    Parsed<String> text = fs.read("/proc/buddyinfo");
    assertTrue(text.ok());
    Parsed<BuddyInfo> p = BuddyInfoParser.parse(text.value(), "/proc/buddyinfo");
    assertEquals("[]", p.problems().toString());
    assertEquals(3, p.value().zones().size());
    BuddyInfo.Zone dma = p.value().zones().get(0);
    assertEquals(0, dma.node());
    assertEquals("DMA", dma.zone());
    assertEquals(11, dma.orders());
    assertEquals(3, dma.countAt(10));
  }

  @Test
  void squashedSeedForm() {
    // seed 000, line 154-157: "Node 0,zone" without a space, two nodes
    String s =
        "Node 0,zone      DMA      2      1      2      2      2      1      0      0      1      1      3 \n"
            + "Node 1,zone   Normal 9182926 2727543 648104  81843   7915   1267    244     67      3      1      0\n";
    Parsed<BuddyInfo> p = BuddyInfoParser.parse(s, "seed000");
    assertTrue(p.ok(), p.problems().toString());
    assertEquals(1, p.value().zones().get(1).node());
    assertEquals(9182926L, p.value().find(1, "Normal").countAt(0));
  }

  @Test
  void fourteenOrders() {
    String s = "Node 0, zone   Normal  1 2 3 4 5 6 7 8 9 10 11 12 13 14 \n";
    assertArrayEquals(
        new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
        BuddyInfoParser.parse(s, "x").value().zones().get(0).counts());
  }

  @Test
  void malformedLinesNamed() {
    String s =
        "Node 0, zone DMA 1 2 3\n"
            + "garbage here\n"
            + "Node 0, zone Normal 1 x 3\n"
            + "Node 0, zone Movable 1 99999999999999999999999 3\n"
            + "Node 0, zone HighMem 1 -2 3\n"
            + "Node 0, zone DMA32 1 2\n"
            + "Node 0, zone\n";
    Parsed<BuddyInfo> p = BuddyInfoParser.parse(s, "/proc/buddyinfo");
    assertEquals(
        "[/proc/buddyinfo:2: malformed: expected 'Node N, zone NAME counts...', got 'garbage here', "
            + "/proc/buddyinfo:3: malformed: order 1 of Node 0 Normal: expected a number, got 'x', "
            + "/proc/buddyinfo:4: malformed: order 1 of Node 0 Movable: number too large, "
            + "/proc/buddyinfo:5: malformed: order 1 of Node 0 HighMem: negative count -2, "
            + "/proc/buddyinfo:6: malformed: Node 0 DMA32 has 2 orders, earlier lines have 3, "
            + "/proc/buddyinfo:7: malformed: missing zone name]",
        p.problems().toString());
    // what decoded is kept: DMA whole, the partial rows up to the bad column, DMA32
    assertEquals(5, p.value().zones().size());
    assertArrayEquals(new long[] {1}, p.value().find(0, "Normal").counts());
  }

  @Test
  void missingAndUnreadableAreProblemsNotExceptions(@TempDir Path dir) throws Exception {
    ProcFs fs = new ProcFs(dir);
    Parsed<String> p = fs.read("/proc/buddyinfo");
    assertEquals("", p.value());
    assertEquals(Problem.Kind.MISSING, p.problems().get(0).kind());
    assertEquals("/proc/buddyinfo", p.problems().get(0).source());
    Files.createDirectories(dir.resolve("proc/zoneinfo"));
    Parsed<String> d = fs.read("/proc/zoneinfo");
    assertEquals(Problem.Kind.UNREADABLE, d.problems().get(0).kind());
    assertTrue(d.problems().get(0).message().startsWith("is a directory"), d.problems().toString());
  }

  @Test
  void sizeBound(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("proc"));
    Files.write(dir.resolve("proc/vmstat"), new byte[20000]);
    Parsed<String> p = new ProcFs(dir, 10000).read("/proc/vmstat");
    assertEquals(10000, p.value().length());
    assertEquals(
        "/proc/vmstat: limit: file larger than 10000 bytes; only the first 10000 bytes were read",
        p.problems().get(0).toString());
  }
}
