package io.mmlens.core.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the replayed check on random zones (fixed seed, so a failure reproduces): it is
 * monotone in the order, raising lowmem_reserve never turns a failure into a pass, and {@link
 * ZoneAnalysis} agrees with the check order by order. Holds for every algorithm.
 */
class WatermarkPropertyTest {

  private static final int ITERATIONS = 3000;
  private static final String LETTERS = "UMEHCRI";
  private static final String[] TYPES = {"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"};

  @Test
  void failureAtOrderNImpliesFailureAboveN() {
    Random rnd = new Random(0x5eed_0001L);
    for (int iter = 0; iter < ITERATIONS; iter++) {
      ZoneState z = randomZone(rnd);
      AllocRequest base = randomRequest(rnd, 0, z.protectionLength());
      for (WatermarkAlgorithm a : WatermarkAlgorithm.values()) {
        for (Watermark w : Watermark.values()) {
          boolean failed = false;
          for (int o = 0; o <= z.orders(); o++) {
            WatermarkResult r = WatermarkCheck.check(z, base.withOrder(o), w, a);
            if (failed && r.passes()) {
              fail("iteration " + iter + ": order " + o + " passes after a lower order failed: " + z + " " + base + " " + r);
            }
            failed |= !r.passes();
          }
        }
      }
    }
  }

  @Test
  void raisingLowmemReserveNeverTurnsAFailureIntoAPass() {
    Random rnd = new Random(0x5eed_0002L);
    for (int iter = 0; iter < ITERATIONS; iter++) {
      ZoneState z = randomZone(rnd);
      int classZone = rnd.nextInt(z.protectionLength());
      AllocRequest req = randomRequest(rnd, rnd.nextInt(z.orders() + 1), z.protectionLength()).withClassZoneIndex(classZone);
      long[] raised = z.protection();
      raised[classZone] += 1 + rnd.nextInt(1 << rnd.nextInt(20));
      ZoneState higher = rebuild(z, raised);
      for (WatermarkAlgorithm a : WatermarkAlgorithm.values()) {
        for (Watermark w : Watermark.values()) {
          WatermarkResult before = WatermarkCheck.check(z, req, w, a);
          WatermarkResult after = WatermarkCheck.check(higher, req, w, a);
          if (!before.passes() && after.passes()) {
            fail("iteration " + iter + ": raising reserve made " + req + " pass: " + before + " -> " + after);
          }
          assertEquals(before.marginPages() - (raised[classZone] - z.protectionFor(classZone)), after.marginPages());
        }
      }
    }
  }

  @Test
  void analysisAgreesWithTheCheck() {
    Random rnd = new Random(0x5eed_0003L);
    for (int iter = 0; iter < ITERATIONS; iter++) {
      ZoneState z = randomZone(rnd);
      for (WatermarkAlgorithm a : WatermarkAlgorithm.values()) {
        ZoneAnalysis an = ZoneAnalysis.of(z, a);
        assertEquals(bruteForceHighest(z, Watermark.MIN, a), an.highestOrderAtMin(), "iteration " + iter);
        assertEquals(bruteForceHighest(z, Watermark.LOW, a), an.highestOrderAtLow(), "iteration " + iter);
        int largest = -1;
        for (int o = 0; o < z.orders(); o++) {
          if (z.freeBlocksAt(o) > 0) {
            largest = o;
          }
        }
        assertEquals(largest, an.largestFreeOrder());
        if (an.highestOrderAtLow() > an.highestOrderAtMin()) {
          fail("low is stricter than min, yet passes a higher order: " + z);
        }
        assertFalse(an.highestOrderAtMin() > Math.max(largest, 0) && a.anyBlockTest() && z.hasFreeBlocks(),
            "above order 0 a block test cannot pass above the largest free block");
      }
    }
  }

  private static int bruteForceHighest(ZoneState z, Watermark w, WatermarkAlgorithm a) {
    int highest = -1;
    for (int o = 0; o < Math.max(z.orders(), 1); o++) {
      if (WatermarkCheck.check(z, o, z.zoneIndex(), w, a).passes()) {
        highest = o;
      } else {
        break;
      }
    }
    return highest;
  }

  static ZoneState randomZone(Random rnd) {
    int orders = 1 + rnd.nextInt(14);
    int zones = 2 + rnd.nextInt(4);
    int index = rnd.nextInt(zones);
    long min = rnd.nextInt(1 << rnd.nextInt(18));
    long low = min + min / 4;
    long high = min + min / 2;
    long[] blocks = new long[orders];
    String[] letters = new String[orders];
    long fromBlocks = 0;
    for (int o = 0; o < orders; o++) {
      blocks[o] = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1 << rnd.nextInt(16));
      fromBlocks += blocks[o] << o;
      StringBuilder sb = new StringBuilder();
      if (blocks[o] > 0) {
        for (int k = 0; k < LETTERS.length(); k++) {
          if (rnd.nextInt(3) == 0) {
            sb.append(LETTERS.charAt(k));
          }
        }
      }
      letters[o] = sb.toString();
    }
    long[] protection = new long[zones];
    for (int j = index + 1; j < zones; j++) {
      protection[j] = protection[j - 1] + rnd.nextInt(1 << rnd.nextInt(18));
    }
    ZoneState.Builder b = ZoneState.builder("Z" + index).zoneIndex(index).node(0)
        .free(Math.max(0, fromBlocks + rnd.nextInt(2001) - 1000))
        .min(min).low(low).high(high).protection(protection);
    int detail = rnd.nextInt(4); // 0: counts only, 1: letters, 2: per-type counts, 3: no buddy data
    if (detail != 3) {
      b.freeBlocks(blocks);
    }
    if (detail == 1) {
      b.blockTypes(letters);
    } else if (detail == 2) {
      Map<String, long[]> byType = new LinkedHashMap<>();
      for (String t : TYPES) {
        long[] c = new long[orders];
        for (int o = 0; o < orders; o++) {
          c[o] = rnd.nextInt(4) == 0 ? blocks[o] : 0;
        }
        byType.put(t, c);
      }
      b.freeBlocksByType(byType);
    }
    if (rnd.nextBoolean()) {
      b.freeCma(rnd.nextInt(1 << rnd.nextInt(14)));
    }
    if (rnd.nextBoolean()) {
      b.reservedHighatomic(rnd.nextInt(1 << rnd.nextInt(12)));
    }
    return b.build();
  }

  static AllocRequest randomRequest(Random rnd, int order, int zones) {
    return AllocRequest.builder(order, rnd.nextInt(Math.max(zones, 1)))
        .high(rnd.nextBoolean()).harder(rnd.nextBoolean()).cma(rnd.nextBoolean())
        .highatomic(rnd.nextBoolean()).oom(rnd.nextInt(4) == 0).build();
  }

  private static ZoneState rebuild(ZoneState z, long[] protection) {
    ZoneState.Builder b = ZoneState.builder(z.name()).node(z.node()).zoneIndex(z.zoneIndex())
        .pageSize(z.pageSize()).free(z.free()).min(z.min()).low(z.low()).high(z.high())
        .protection(protection).freeBlocks(z.freeBlocks()).blockTypes(z.blockTypes())
        .freeBlocksByType(z.freeBlocksByType());
    z.freeCma().ifPresent(b::freeCma);
    z.reservedHighatomic().ifPresent(b::reservedHighatomic);
    return b.build();
  }
}
