package io.mmlens.core.zone;

import static io.mmlens.core.zone.WatermarkAlgorithm.LEGACY;
import static io.mmlens.core.zone.WatermarkAlgorithm.MODERN;
import static io.mmlens.core.zone.WatermarkAlgorithm.MODERN_PRE_6_3;
import static io.mmlens.core.zone.WatermarkResult.FailureReason.FREE_BELOW_WATERMARK;
import static io.mmlens.core.zone.WatermarkResult.FailureReason.NONE;
import static io.mmlens.core.zone.WatermarkResult.FailureReason.NO_SUITABLE_BLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.KernelRelease;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Watermark checks on the seed dumps, with every expectation worked out by hand (pages). */
class WatermarkCheckTest {

  private static final int NORMAL = 2;

  @Test
  void releaseSelectsAlgorithm() {
    assertEquals(MODERN, WatermarkAlgorithm.forRelease(null));
    assertEquals(LEGACY, WatermarkAlgorithm.forRelease(KernelRelease.parse("2.6.32-431.17.1.el6.x86_64")));
    assertEquals(LEGACY, WatermarkAlgorithm.forRelease(KernelRelease.parse("3.10.0-514.el7.x86_64")));
    assertEquals(LEGACY, WatermarkAlgorithm.forRelease(KernelRelease.parse("4.3.6")));
    assertEquals(MODERN_PRE_6_3, WatermarkAlgorithm.forRelease(KernelRelease.parse("4.4.0-21-generic")));
    assertEquals(MODERN_PRE_6_3, WatermarkAlgorithm.forRelease(KernelRelease.parse("6.2.16")));
    assertEquals(MODERN, WatermarkAlgorithm.forRelease(KernelRelease.parse("6.3.1")));
    assertEquals(MODERN, WatermarkAlgorithm.forRelease(KernelRelease.parse("6.18.44-fc-v657")));
  }

  /**
   * Seed 003, nginx order-0 GFP_HIGHUSER_MOVABLE OOM on 3.13: every zone fails at min for a
   * request whose class zone is Normal. DMA32: 48516kB/4 = 12129 free pages, min 31704kB/4 = 7926,
   * lowmem_reserve[2] = 4221: 12129 <= 7926 + 4221 = 12147, margin -18.
   */
  @Test
  void seed003AllZonesFailAtMinForClassZoneNormal() {
    for (WatermarkAlgorithm a : WatermarkAlgorithm.values()) {
      WatermarkResult dma32 = WatermarkCheck.check(SeedZones.seed003Dma32(), 0, NORMAL, Watermark.MIN, a);
      assertFalse(dma32.passes(), a.key());
      assertEquals(FREE_BELOW_WATERMARK, dma32.failureReason());
      assertEquals(12129, dma32.freePages());
      assertEquals(7926, dma32.markPages());
      assertEquals(4221, dma32.reservePages());
      assertEquals(-18, dma32.marginPages());
      assertFalse(dma32.approximate());

      // DMA: 3977 free <= 32 + 7968
      WatermarkResult dma = WatermarkCheck.check(SeedZones.seed003Dma(), 0, NORMAL, Watermark.MIN, a);
      assertEquals(FREE_BELOW_WATERMARK, dma.failureReason());
      assertEquals(3977 - (32 + 7968), dma.marginPages());

      // Normal: 8910 free <= 8937 min (own class zone, reserve 0)
      WatermarkResult normal = WatermarkCheck.check(SeedZones.seed003Normal(), 0, NORMAL, Watermark.MIN, a);
      assertEquals(FREE_BELOW_WATERMARK, normal.failureReason());
      assertEquals(-27, normal.marginPages());
    }
  }

  /** The same DMA32 zone passes for a request limited to DMA32 (no lowmem_reserve applies). */
  @Test
  void seed003Dma32PassesForItsOwnClassZone() {
    ZoneState z = SeedZones.seed003Dma32();
    assertEquals(12129 - 7926, WatermarkCheck.check(z, 0, 1, Watermark.MIN, LEGACY).marginPages());
    assertEquals(12129 - 9907, WatermarkCheck.check(z, 0, 1, Watermark.LOW, LEGACY).marginPages());
    WatermarkResult high = WatermarkCheck.check(z, 0, 1, Watermark.HIGH, LEGACY);
    assertTrue(high.passes());
    assertEquals(NONE, high.failureReason());
    assertEquals(12129 - 11889, high.marginPages());
  }

  /**
   * Legacy higher orders on seed 003 DMA32 at min (7926): order 8 walks the free count down to
   * 1535 > 7926>>8 = 30 and passes; order 9 reaches 1279 - 7*256 = -513 <= 15 at o=8 and fails.
   */
  @Test
  void seed003Dma32LegacyOrders() {
    ZoneState z = SeedZones.seed003Dma32();
    assertTrue(WatermarkCheck.check(z, 8, 1, Watermark.MIN, LEGACY).passes());
    WatermarkResult o9 = WatermarkCheck.check(z, 9, 1, Watermark.MIN, LEGACY);
    assertEquals(NO_SUITABLE_BLOCK, o9.failureReason());
    assertEquals(12129 - 511 - 7926, o9.marginPages(), "margin is the order-0 test's");
    // The 4.4+ check agrees here: the largest free block is order 8 (EM).
    assertTrue(WatermarkCheck.check(z, 8, 1, Watermark.MIN, MODERN).passes());
    assertEquals(NO_SUITABLE_BLOCK, WatermarkCheck.check(z, 9, 1, Watermark.MIN, MODERN).failureReason());
  }

  /**
   * Seed 004 Normal (77796 free, min 13884): the old algorithm fails order 2 although 412 order-2
   * blocks are free — after removing 34178 order-0 and 20118 order-1 blocks only 77793 - 34178 -
   * 40236 = 3379 pages remain, <= 13884>>2 = 3471. The 4.4+ check passes up to order 5.
   */
  @Test
  void seed004LegacyAndModernDisagree() {
    ZoneState z = SeedZones.seed004Normal();
    assertTrue(WatermarkCheck.check(z, 1, NORMAL, Watermark.MIN, LEGACY).passes());
    WatermarkResult legacy2 = WatermarkCheck.check(z, 2, NORMAL, Watermark.MIN, LEGACY);
    assertEquals(NO_SUITABLE_BLOCK, legacy2.failureReason());
    assertEquals(77793 - 13884, legacy2.marginPages());
    assertTrue(WatermarkCheck.check(z, 5, NORMAL, Watermark.MIN, MODERN).passes());
    assertEquals(NO_SUITABLE_BLOCK, WatermarkCheck.check(z, 6, NORMAL, Watermark.MIN, MODERN).failureReason());
  }

  /**
   * Seed 000: order-4 GFP_ATOMIC (mode:0x20) failure on 2.6.32. Min 11089 -> HIGH 5545 -> HARDER
   * 4159. Node 0 Normal: 1648442 - 1648026 order-0 pages = 416 <= 4159>>1 = 2079: fragmentation.
   * DMA32 is shut by lowmem_reserve[2] = 190890.
   */
  @Test
  void seed000AtomicOrder4() {
    AllocRequest atomic4 = AllocRequest.builder(4, NORMAL).atomic().build();
    WatermarkResult n0 = WatermarkCheck.check(SeedZones.seed000Node0Normal(), atomic4, Watermark.MIN, LEGACY);
    assertEquals(NO_SUITABLE_BLOCK, n0.failureReason());
    assertEquals(4159, n0.markPages());
    assertEquals(1648457 - 15 - 4159, n0.marginPages());
    assertFalse(n0.approximate());
    assertEquals(NO_SUITABLE_BLOCK,
        WatermarkCheck.check(SeedZones.seed000Node1Normal(), atomic4, Watermark.MIN, LEGACY).failureReason());
    WatermarkResult dma32 = WatermarkCheck.check(SeedZones.seed000Dma32(), atomic4, Watermark.MIN, LEGACY);
    assertEquals(FREE_BELOW_WATERMARK, dma32.failureReason());
    assertEquals(65, dma32.markPages()); // 172 -> 86 -> 65
    assertEquals(107992 - 15 - (65 + 190890), dma32.marginPages());
  }

  /** Pre-3.8 dumps have no letters: the 4.4+ block test takes any count and says it guessed. */
  @Test
  void noLettersIsApproximate() {
    WatermarkResult r = WatermarkCheck.check(SeedZones.seed000Dma32(), 4, 1, Watermark.MIN, MODERN);
    assertTrue(r.passes());
    assertTrue(r.approximate());
    // No block of order >= 4 at all: a certain failure, not a guess.
    WatermarkResult n0 = WatermarkCheck.check(SeedZones.seed000Node0Normal(), 4, NORMAL, Watermark.MIN, MODERN);
    assertEquals(NO_SUITABLE_BLOCK, n0.failureReason());
    assertFalse(n0.approximate());
    assertFalse(WatermarkCheck.check(SeedZones.seed000Dma32(), 0, 1, Watermark.MIN, MODERN).approximate());
  }

  /** Flag reductions per era, on seed 003 Normal min = 8937 pages. */
  @Test
  void reductionsPerEra() {
    ZoneState z = SeedZones.seed003Normal();
    AllocRequest atomic = AllocRequest.builder(0, NORMAL).atomic().build();
    for (WatermarkAlgorithm a : WatermarkAlgorithm.values()) {
      WatermarkResult r = WatermarkCheck.check(z, atomic, Watermark.MIN, a);
      assertEquals(3352, r.markPages(), a.key()); // 8937 - 4468 = 4469; 4469 - 1117 = 3352
      assertTrue(r.passes());
      assertEquals(8910 - 3352, r.marginPages());
    }
    AllocRequest nowait = AllocRequest.builder(0, NORMAL).harder(true).build();
    assertEquals(6703, WatermarkCheck.check(z, nowait, Watermark.MIN, LEGACY).markPages());
    assertEquals(6703, WatermarkCheck.check(z, nowait, Watermark.MIN, MODERN_PRE_6_3).markPages());
    assertEquals(8937, WatermarkCheck.check(z, nowait, Watermark.MIN, MODERN).markPages(),
        "6.3+: non-blocking without __GFP_HIGH gets no reduction");
    AllocRequest oomAtomic = AllocRequest.builder(0, NORMAL).atomic().oom(true).build();
    // 4.4-6.2: HIGH 4469, then OOM replaces HARDER: 4469 - 2234 = 2235
    assertEquals(2235, WatermarkCheck.check(z, oomAtomic, Watermark.MIN, MODERN_PRE_6_3).markPages());
    // 6.3+: MIN_RESERVE 4469, NON_BLOCK 3352, OOM 3352 - 1676 = 1676
    assertEquals(1676, WatermarkCheck.check(z, oomAtomic, Watermark.MIN, MODERN).markPages());
  }

  @Test
  void cmaAndHighatomicLists() {
    ZoneState z = ZoneState.builder("Normal").zoneIndex(2).free(10_000).min(1000).low(1250).high(1500)
        .protection(new long[] {0, 0, 0, 0})
        .freeCma(4000)
        .reservedHighatomic(2048)
        .freeBlocks(new long[] {2000, 1000, 0, 0, 2, 2, 0, 0, 0, 0, 0})
        .blockTypes(new String[] {"UME", "UM", "", "", "C", "H", "", "", "", "", ""})
        .build();
    // order 4 plain: free' = 10000 - 15 - 4000 (CMA) - 2048 (highatomic) = 3937 > 1000; no U/M/E block >= 4
    WatermarkResult plain = WatermarkCheck.check(z, 4, 2, Watermark.MIN, MODERN);
    assertEquals(3937, plain.freePages());
    assertEquals(NO_SUITABLE_BLOCK, plain.failureReason());
    assertTrue(WatermarkCheck.check(z, AllocRequest.builder(4, 2).cma(true).build(), Watermark.MIN, MODERN).passes());
    assertTrue(WatermarkCheck.check(z, AllocRequest.builder(4, 2).highatomic(true).build(), Watermark.MIN, MODERN).passes());
    // order 5: only the H block is big enough
    assertEquals(NO_SUITABLE_BLOCK,
        WatermarkCheck.check(z, AllocRequest.builder(5, 2).cma(true).build(), Watermark.MIN, MODERN).failureReason());
    // before 6.3 an ALLOC_HARDER request could take the high-atomic list
    assertTrue(WatermarkCheck.check(z, AllocRequest.builder(5, 2).harder(true).build(), Watermark.MIN, MODERN_PRE_6_3).passes());
    assertFalse(WatermarkCheck.check(z, AllocRequest.builder(5, 2).harder(true).build(), Watermark.MIN, MODERN).passes());
    // CMA pages missing from free shut the order-0 test: 10000 - 4000 - 2048 = 3952 <= 1000 + reserve 3000
    ZoneState tight = ZoneState.builder("Normal").zoneIndex(1).free(10_000).min(1000).low(1250).high(1500)
        .protection(new long[] {0, 0, 3000}).freeCma(4000).reservedHighatomic(2048)
        .freeBlocks(new long[] {10_000}).build();
    assertEquals(FREE_BELOW_WATERMARK, WatermarkCheck.check(tight, 0, 2, Watermark.MIN, MODERN).failureReason());
    assertTrue(WatermarkCheck.check(tight, AllocRequest.builder(0, 2).cma(true).build(), Watermark.MIN, MODERN).passes());
  }

  /** /proc/pagetypeinfo counts are exact: a Movable block passes, an Isolate block does not. */
  @Test
  void perTypeCountsFromPagetypeinfo() {
    Map<String, long[]> byType = new LinkedHashMap<>();
    byType.put("Unmovable", new long[] {5, 1, 0, 0});
    byType.put("Movable", new long[] {9, 0, 1, 0});
    byType.put("Isolate", new long[] {0, 0, 0, 3});
    ZoneState z = ZoneState.builder("Normal").zoneIndex(2).free(5000).min(100).low(125).high(150)
        .freeBlocks(new long[] {14, 1, 1, 3}).freeBlocksByType(byType).build();
    WatermarkResult o2 = WatermarkCheck.check(z, 2, 2, Watermark.LOW, MODERN);
    assertTrue(o2.passes());
    assertFalse(o2.approximate());
    assertEquals(NO_SUITABLE_BLOCK, WatermarkCheck.check(z, 3, 2, Watermark.LOW, MODERN).failureReason());
  }
}
