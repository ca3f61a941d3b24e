package io.mmlens.core.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Zone analysis on the seed zones; expectations from the worked examples in WatermarkCheckTest. */
class ZoneAnalysisTest {

  @Test
  void seed000Node0NormalHasOnlyOrderZeroBlocks() {
    ZoneAnalysis a = ZoneAnalysis.of(SeedZones.seed000Node0Normal(), WatermarkAlgorithm.LEGACY);
    assertEquals(0, a.largestFreeOrder());
    assertEquals(11, a.orders());
    assertEquals(500, a.extfragIndex(1));
    assertEquals(1000, a.unusableIndex(10));
    // 1648457 free vs min 11089: order 0 passes; order 1 leaves 1648456 - 1648026 = 430 <= 5544
    assertEquals(0, a.highestOrderAtMin());
    assertEquals(0, a.highestOrderAtLow());
    assertEquals(WatermarkResult.FailureReason.NO_SUITABLE_BLOCK, a.failureReasonAtMin());
    assertEquals(1648457 - 11089, a.headroomAboveMinPages());
    assertEquals((1648457L - 11089) * 4096, a.headroomAboveMinBytes());
    assertFalse(a.approximate(), "the legacy loop needs only total counts");
  }

  @Test
  void seed003Dma32() {
    ZoneState z = SeedZones.seed003Dma32();
    for (WatermarkAlgorithm alg : WatermarkAlgorithm.values()) {
      ZoneAnalysis a = ZoneAnalysis.of(z, alg);
      assertEquals(8, a.largestFreeOrder());
      // own class zone (DMA32, reserve 0): orders up to 8 pass at min and low, order 9 has no block
      assertEquals(8, a.highestOrderAtMin(), alg.key());
      assertEquals(8, a.highestOrderAtLow(), alg.key());
      assertEquals(WatermarkResult.FailureReason.NO_SUITABLE_BLOCK, a.failureReasonAtLow());
      assertEquals(12129 - 7926, a.headroomAboveMinPages());
    }
  }

  @Test
  void seed003NormalIsBelowMin() {
    ZoneAnalysis a = ZoneAnalysis.of(SeedZones.seed003Normal(), WatermarkAlgorithm.LEGACY);
    assertEquals(2, a.largestFreeOrder());
    assertEquals(-1, a.highestOrderAtMin(), "8910 free <= 8937 min: even order 0 fails");
    assertEquals(-1, a.highestOrderAtLow());
    assertEquals(WatermarkResult.FailureReason.FREE_BELOW_WATERMARK, a.failureReasonAtMin());
    assertEquals(-27, a.headroomAboveMinPages());
    assertEquals(-27L * 4096, a.headroomAboveMinBytes());
  }

  @Test
  void seed004LegacyVersusModern() {
    ZoneState z = SeedZones.seed004Normal();
    assertEquals(1, ZoneAnalysis.of(z, WatermarkAlgorithm.LEGACY).highestOrderAtMin());
    assertEquals(5, ZoneAnalysis.of(z, WatermarkAlgorithm.MODERN).highestOrderAtMin());
    assertEquals(5, ZoneAnalysis.of(z, WatermarkAlgorithm.MODERN).largestFreeOrder());
  }

  @Test
  void pageSizeIsAParameter() {
    ZoneState z = ZoneState.builder("Normal").zoneIndex(1).pageSize(65536).free(1000).min(100).low(125).high(150)
        .freeBlocks(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}) // 14 orders
        .blockTypes(new String[] {"", "", "", "", "", "", "", "", "", "", "", "", "", "M"})
        .build();
    ZoneAnalysis a = ZoneAnalysis.of(z, WatermarkAlgorithm.MODERN);
    assertEquals(900L * 65536, a.headroomAboveMinBytes());
    assertEquals(13, a.largestFreeOrder());
    assertEquals(14, a.orders());
    // the order-13 block serves every order, but free' = 1000 - (2^order - 1) must stay > 100:
    // order 9 leaves 489, order 10 leaves -23
    assertEquals(9, a.highestOrderAtMin());
    assertEquals(WatermarkResult.FailureReason.FREE_BELOW_WATERMARK, a.failureReasonAtMin());
  }

  @Test
  void noBuddyCountsAnswersOnlyOrderZero() {
    ZoneState z = ZoneState.builder("DMA32").zoneIndex(1).free(500).min(100).low(200).high(300).build();
    ZoneAnalysis a = ZoneAnalysis.of(z, WatermarkAlgorithm.MODERN);
    assertEquals(-1, a.largestFreeOrder());
    assertEquals(0, a.highestOrderAtMin());
    assertTrue(a.approximate());
    assertEquals(0, a.orders());
  }

  @Test
  void toMapUsesDocumentedKeys() {
    ZoneAnalysis a = ZoneAnalysis.of(SeedZones.seed004Normal(), WatermarkAlgorithm.MODERN);
    Map<String, Object> m = a.toMap();
    assertEquals(
        Arrays.asList("largest_free_order", "fragmentation_index", "extfrag_index", "unusable_index",
            "highest_order_at_min", "highest_order_at_low", "failure_reason_at_min", "failure_reason_at_low",
            "watermark_algorithm", "watermark_approximate", "headroom_above_min_pages", "headroom_above_min_bytes"),
        List.copyOf(m.keySet()));
    List<?> frag = (List<?>) m.get("fragmentation_index");
    assertNull(frag.get(0));
    assertEquals(0.978, (Double) frag.get(6), 1e-12);
    assertEquals(-1000, ((List<?>) m.get("extfrag_index")).get(0));
    assertEquals(0.976, (Double) ((List<?>) m.get("unusable_index")).get(3), 1e-12);
    assertEquals("no_suitable_block", m.get("failure_reason_at_min"));
    String json = Json.write(m);
    assertTrue(json.contains("\"fragmentation_index\":[null,null,null,null,null,null,0.978,0.989,0.995,0.998,0.999]"), json);
  }
}
