package io.mmlens.core.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.Parsed;
import io.mmlens.core.procfs.BuddyInfo;
import io.mmlens.core.procfs.BuddyInfoParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both indices computed from the captured /proc/buddyinfo equal the kernel's own debugfs output
 * for the same counts (zone/linux-6.18-live, captured with buddyinfo unchanged around the read).
 * The integration test DebugfsIndexComparisonTest does the same live; this one runs everywhere.
 */
class KernelIndexGoldenTest {

  @Test
  void computedIndicesEqualTheKernelsDebugfsTables() throws Exception {
    String dir = "/zone/linux-6.18-live/";
    Parsed<BuddyInfo> buddy = BuddyInfoParser.parse(DebugfsIndexParserTest.resource(dir + "buddyinfo"), "buddyinfo");
    Parsed<List<DebugfsIndexParser.Row>> extfrag =
        DebugfsIndexParser.parse(DebugfsIndexParserTest.resource(dir + "extfrag_index"), "extfrag_index");
    Parsed<List<DebugfsIndexParser.Row>> unusable =
        DebugfsIndexParser.parse(DebugfsIndexParserTest.resource(dir + "unusable_index"), "unusable_index");
    assertTrue(buddy.ok() && extfrag.ok() && unusable.ok());
    List<BuddyInfo.Zone> zones = buddy.value().zones();
    assertEquals(3, zones.size());
    int nonZeroUnusable = 0;
    for (int i = 0; i < zones.size(); i++) {
      BuddyInfo.Zone z = zones.get(i);
      assertEquals(z.zone(), extfrag.value().get(i).zone());
      assertEquals(z.zone(), unusable.value().get(i).zone());
      assertArrayEquals(extfrag.value().get(i).thousandths(), FragmentationIndex.extfragIndices(z.counts()), z.zone());
      int[] u = FragmentationIndex.unusableIndices(z.counts());
      assertArrayEquals(unusable.value().get(i).thousandths(), u, z.zone());
      for (int v : u) {
        nonZeroUnusable += v == 0 ? 0 : 1;
      }
    }
    // The capture is not degenerate: Normal's unusable index climbs to 0.395 at order 10.
    assertTrue(nonZeroUnusable >= 10, "only " + nonZeroUnusable + " non-zero unusable values");
  }
}
