package io.mmlens.core.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parses the kernel's debugfs index tables (fixture captured on kernel 6.18, see SOURCE.md). */
class DebugfsIndexParserTest {

  static String resource(String path) throws IOException {
    try (InputStream in = DebugfsIndexParserTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void unusableIndexOfTheLiveCapture() throws IOException {
    Parsed<List<DebugfsIndexParser.Row>> p =
        DebugfsIndexParser.parse(resource("/zone/linux-6.18-live/unusable_index"), "unusable_index");
    assertTrue(p.ok(), p.problems().toString());
    assertEquals(3, p.value().size());
    DebugfsIndexParser.Row normal = p.value().get(2);
    assertEquals(0, normal.node());
    assertEquals("Normal", normal.zone());
    assertArrayEquals(new int[] {0, 19, 49, 88, 123, 170, 221, 266, 305, 346, 395}, normal.thousandths());
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 66, 200}, p.value().get(0).thousandths());
  }

  @Test
  void extfragIndexOfTheLiveCapture() throws IOException {
    Parsed<List<DebugfsIndexParser.Row>> p =
        DebugfsIndexParser.parse(resource("/zone/linux-6.18-live/extfrag_index"), "extfrag_index");
    assertTrue(p.ok());
    assertEquals("DMA32", p.value().get(1).zone());
    for (DebugfsIndexParser.Row r : p.value()) {
      assertEquals(11, r.orders());
      for (int o = 0; o < r.orders(); o++) {
        assertEquals(FragmentationIndex.SUITABLE_BLOCK_EXISTS, r.at(o));
      }
    }
  }

  /** Seed 004's extfrag_index output (older kernel, same format); parsed only, not compared. */
  @Test
  void seed004Table() {
    String text = "Node 0, zone      DMA -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000\n"
        + "Node 0, zone    DMA32 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 0.970 0.985 0.993 0.997 0.999\n"
        + "Node 0, zone   Normal -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 0.990 0.995 0.998 0.999\n";
    Parsed<List<DebugfsIndexParser.Row>> p = DebugfsIndexParser.parse(text, "seed004");
    assertTrue(p.ok());
    assertEquals(970, p.value().get(1).at(6));
    assertEquals(999, p.value().get(2).at(10));
    assertEquals("Node 0, zone DMA32 -1.000 -1.000 -1.000 -1.000 -1.000 -1.000 0.970 0.985 0.993 0.997 0.999",
        p.value().get(1).toString());
  }

  @Test
  void badLinesAreReportedAndTheRestKept() {
    String text = "Node 0, zone      DMA 0.000 0.5 0.200\n"
        + "garbage\n"
        + "\n"
        + "Node 1, zone   Normal  0.011 -1.000\n"
        + "Node x, zone Normal 0.000\n"
        + "Node 2, zone Normal\n";
    Parsed<List<DebugfsIndexParser.Row>> p = DebugfsIndexParser.parse(text, "/sys/kernel/debug/extfrag/unusable_index");
    assertEquals(1, p.value().size());
    assertArrayEquals(new int[] {11, -1000}, p.value().get(0).thousandths());
    List<Problem> problems = p.problems();
    assertEquals(4, problems.size(), problems.toString());
    assertEquals("/sys/kernel/debug/extfrag/unusable_index:1: malformed: order 1 of Node 0 DMA: expected D.DDD, got '0.5'",
        problems.get(0).toString());
    assertEquals(2, problems.get(1).line());
    assertEquals(5, problems.get(2).line());
    assertEquals(Problem.Kind.TRUNCATED, problems.get(3).kind());
  }
}
