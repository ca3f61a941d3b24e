package io.mmlens.core.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both kernel indices on buddy counts from the seed reports; expected values are worked out by
 * hand from the mm/vmstat.c formulas (shown next to each assertion).
 */
class FragmentationIndexTest {

  /** Seed 000 (2.6.32-431.17.1.el6) dump: {@code Node 0 Normal: 1648026*4kB 0*8kB ... 0*4096kB}. */
  static final long[] SEED000_NODE0_NORMAL = {1648026, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  /** Seed 004 (3.10.0-514.el7) dump: {@code Node 0 Normal: 34178*4kB 20118*8kB 412*16kB ...}. */
  static final long[] SEED004_NORMAL = {34178, 20118, 412, 115, 46, 6, 0, 0, 0, 0, 0};

  @Test
  void seed000AllOrderZeroBlocks() {
    long[] b = SEED000_NODE0_NORMAL;
    assertEquals(FragmentationIndex.SUITABLE_BLOCK_EXISTS, FragmentationIndex.extfragIndex(b, 0));
    // order 1: 1000 - (1000 + 1648026*1000/2) / 1648026 = 1000 - 824014000/1648026 = 1000 - 500
    assertEquals(500, FragmentationIndex.extfragIndex(b, 1));
    // order 2: 1000 - (1000 + 412006500) / 1648026 = 1000 - 250
    assertEquals(750, FragmentationIndex.extfragIndex(b, 2));
    // order 10: 1648026000/1024 = 1609400; (1609400 + 1000) / 1648026 = 0 -> 1000
    assertEquals(1000, FragmentationIndex.extfragIndex(b, 10));
    assertEquals(0, FragmentationIndex.unusableIndex(b, 0));
    for (int o = 1; o < b.length; o++) {
      assertEquals(1000, FragmentationIndex.unusableIndex(b, o), "every free page is in an order-0 block");
    }
  }

  @Test
  void seed004NormalOrder6() {
    long[] b = SEED004_NORMAL;
    // free_pages = 34178 + 20118*2 + 412*4 + 115*8 + 46*16 + 6*32 = 77910, total = 54875
    // order 6: 77910000/64 = 1217343; (1217343 + 1000) / 54875 = 22; 1000 - 22 = 978
    assertEquals(978, FragmentationIndex.extfragIndex(b, 6));
    assertEquals(0.978, FragmentationIndex.fragmentation(b, 6).getAsDouble(), 1e-12);
    // order 7: 77910000/128 = 608671; 609671 / 54875 = 11 -> 989
    assertEquals(989, FragmentationIndex.extfragIndex(b, 7));
    for (int o = 0; o <= 5; o++) {
      assertEquals(-1000, FragmentationIndex.extfragIndex(b, o), "a block of order >= " + o + " exists");
      assertFalse(FragmentationIndex.fragmentation(b, o).isPresent());
    }
    // unusable order 3: suitable = 115 + 46*2 + 6*4 = 231 chunks of 8 pages = 1848 pages;
    // (77910 - 1848) * 1000 / 77910 = 976
    assertEquals(976, FragmentationIndex.unusableIndex(b, 3));
    // order 1: suitable = 20118 + 412*2 + 115*4 + 46*8 + 6*16 = 21866 -> 43732 pages;
    // (77910 - 43732) * 1000 / 77910 = 438
    assertEquals(438, FragmentationIndex.unusableIndex(b, 1));
    assertEquals(1000, FragmentationIndex.unusableIndex(b, 6));
  }

  @Test
  void arraysMatchSingleOrderFormulas() {
    assertArrayEquals(
        new int[] {-1000, -1000, -1000, -1000, -1000, -1000, 978, 989, 995, 998, 999},
        FragmentationIndex.extfragIndices(SEED004_NORMAL));
    Random rnd = new Random(20261122L);
    for (int iter = 0; iter < 2000; iter++) {
      int orders = 1 + rnd.nextInt(14); // 11 on x86, up to 14 on some ARM configs
      long[] b = new long[orders];
      for (int o = 0; o < orders; o++) {
        b[o] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1 << rnd.nextInt(20));
      }
      int[] ext = FragmentationIndex.extfragIndices(b);
      int[] unus = FragmentationIndex.unusableIndices(b);
      assertEquals(orders, ext.length);
      for (int o = 0; o < orders; o++) {
        assertEquals(FragmentationIndex.extfragIndex(b, o), ext[o]);
        assertEquals(FragmentationIndex.unusableIndex(b, o), unus[o]);
      }
    }
  }

  @Test
  void emptyZone() {
    long[] none = new long[11];
    for (int o = 0; o < 11; o++) {
      assertEquals(0, FragmentationIndex.extfragIndex(none, o), "no free blocks -> 0");
      assertEquals(1000, FragmentationIndex.unusableIndex(none, o), "no free memory -> all unusable");
    }
    assertEquals(0, FragmentationIndex.extfragIndices(null).length);
  }

  @Test
  void orderPastTheLastColumnIsTheKernelsOutOfRangeCase() {
    assertEquals(0, FragmentationIndex.extfragIndex(SEED004_NORMAL, 11));
    assertThrows(IllegalArgumentException.class, () -> FragmentationIndex.extfragIndex(SEED004_NORMAL, -1));
  }

  @Test
  void formatsLikeDebugfs() {
    assertEquals("-1.000", FragmentationIndex.format(-1000));
    assertEquals("0.978", FragmentationIndex.format(978));
    assertEquals("0.066", FragmentationIndex.format(66));
    assertEquals("0.000", FragmentationIndex.format(0));
    assertEquals("1.000", FragmentationIndex.format(1000));
  }
}
