package io.mmlens.core.zone;

import io.mmlens.core.zone.WatermarkResult.FailureReason;
import java.util.Map;
import java.util.Objects;

/**
 * Replays the kernel's {@code __zone_watermark_ok} offline: would this request pass in this zone at
 * this watermark? Answers "would an order-N request whose highest allowed zone is Z pass in zone Y
 * at watermark W", honouring {@code lowmem_reserve[Z]} of zone Y.
 *
 * <p>Not modelled: ALLOC_NO_WATERMARKS (memalloc contexts skip the check), the 6.5+ unaccepted
 * memory subtraction, the 3.7–3.10 variant that subtracted free CMA pages for the whole check, and
 * the 4.4-era variant where an ALLOC_HARDER request accepted a free block on any list. A zone
 * without {@code reserved_highatomic} / {@code free_cma} figures is treated as having 0.
 */
public final class WatermarkCheck {

  static final int F_HIGH = 1;
  static final int F_HARDER = 2;
  static final int F_CMA = 4;
  static final int F_HIGHATOMIC = 8;
  static final int F_OOM = 16;

  static final int R_PASS = 0;
  static final int R_FREE_BELOW = 1;
  static final int R_NO_BLOCK = 2;
  static final int R_REASON_MASK = 3;
  static final int R_APPROXIMATE = 4;

  private WatermarkCheck() {}

  /** Checks {@code req} against watermark {@code w} of {@code zone} with algorithm {@code a}. */
  public static WatermarkResult check(
      ZoneState zone, AllocRequest req, Watermark w, WatermarkAlgorithm a) {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(req, "req");
    Objects.requireNonNull(w, "watermark");
    Objects.requireNonNull(a, "algorithm");
    int flags = flags(req);
    long mark = effectiveMark(w.pagesOf(zone), flags, a);
    long free = freeAfter(zone, req.order(), flags, a);
    long reserve = zone.protectionFor(req.classZoneIndex());
    int r = evaluate(zone, req.order(), reserve, flags, w.pagesOf(zone), a);
    FailureReason reason =
        (r & R_REASON_MASK) == R_PASS
            ? FailureReason.NONE
            : (r & R_REASON_MASK) == R_FREE_BELOW
                ? FailureReason.FREE_BELOW_WATERMARK
                : FailureReason.NO_SUITABLE_BLOCK;
    return new WatermarkResult(
        w, a, req.order(), reason, free, mark, reserve, (r & R_APPROXIMATE) != 0);
  }

  /** Shorthand for a plain request: {@code check(zone, AllocRequest.of(order, classZoneIndex), w, a)}. */
  public static WatermarkResult check(
      ZoneState zone, int order, int classZoneIndex, Watermark w, WatermarkAlgorithm a) {
    return check(zone, AllocRequest.of(order, classZoneIndex), w, a);
  }

  static int flags(AllocRequest req) {
    return (req.high() ? F_HIGH : 0)
        | (req.harder() ? F_HARDER : 0)
        | (req.cma() ? F_CMA : 0)
        | (req.highatomic() ? F_HIGHATOMIC : 0)
        | (req.oom() ? F_OOM : 0);
  }

  /** The mark after the request's flag reductions (integer steps exactly as the kernel's). */
  static long effectiveMark(long mark, int flags, WatermarkAlgorithm a) {
    long m = mark;
    switch (a) {
      case LEGACY:
        if ((flags & F_HIGH) != 0) {
          m -= m / 2;
        }
        if ((flags & F_HARDER) != 0) {
          m -= m / 4;
        }
        return m;
      case MODERN_PRE_6_3:
        if ((flags & F_HIGH) != 0) {
          m -= m / 2;
        }
        if ((flags & (F_HARDER | F_OOM)) != 0) {
          // An OOM victim gets half the rest instead of the quarter ALLOC_HARDER gets.
          m -= (flags & F_OOM) != 0 ? m / 2 : m / 4;
        }
        return m;
      default:
        if ((flags & F_HIGH) != 0) {
          m -= m / 2;
          // 6.3+: non-blocking only digs deeper when also __GFP_HIGH (GFP_ATOMIC, not GFP_NOWAIT).
          if ((flags & F_HARDER) != 0) {
            m -= m / 4;
          }
        }
        if ((flags & F_OOM) != 0) {
          m -= m / 2;
        }
        return m;
    }
  }

  /** The free count the order-0 test compares, after the subtractions the request is subject to. */
  static long freeAfter(ZoneState zone, int order, int flags, WatermarkAlgorithm a) {
    long free = zone.free() - ((1L << order) - 1);
    if ((flags & F_CMA) == 0) {
      free -= zone.freeCmaOr(0);
    }
    if (!reserveAccess(flags, a)) {
      free -= zone.reservedHighatomicOr(0);
    }
    return free;
  }

  /** Whether the request may dip into the high-atomic reserve (so it is not subtracted). */
  private static boolean reserveAccess(int flags, WatermarkAlgorithm a) {
    switch (a) {
      case LEGACY:
        return true; // no high-atomic reserve before 4.4
      case MODERN_PRE_6_3:
        return (flags & (F_HARDER | F_OOM)) != 0;
      default:
        return (flags & (F_HIGH | F_HARDER | F_HIGHATOMIC | F_OOM)) != 0; // ALLOC_RESERVES
    }
  }

  private static boolean highatomicListAccess(int flags, WatermarkAlgorithm a) {
    return a == WatermarkAlgorithm.MODERN_PRE_6_3
        ? (flags & (F_HARDER | F_OOM)) != 0
        : (flags & (F_HIGHATOMIC | F_OOM)) != 0;
  }

  /**
   * Allocation-free core of the check: R_PASS / R_FREE_BELOW / R_NO_BLOCK, or'ed with
   * R_APPROXIMATE when the block test had to guess.
   */
  static int evaluate(
      ZoneState zone, int order, long reserve, int flags, long rawMark, WatermarkAlgorithm a) {
    long m = effectiveMark(rawMark, flags, a);
    long free = freeAfter(zone, order, flags, a);
    if (free <= m + reserve) {
      return R_FREE_BELOW;
    }
    if (order == 0) {
      return R_PASS;
    }
    if (!zone.hasFreeBlocks()) {
      return R_PASS | R_APPROXIMATE; // order-0 test passed; nothing to test blocks against
    }
    return a == WatermarkAlgorithm.LEGACY
        ? legacyOrders(zone, order, free, m)
        : anyBlock(zone, order, flags, a);
  }

  private static int legacyOrders(ZoneState zone, int order, long free, long m) {
    // The CMA subtraction (3.11–4.3) applied only to the order-0 test; the loop starts again
    // from free minus (2^order - 1).
    long f = zone.free() - ((1L << order) - 1);
    for (int o = 0; o < order; o++) {
      f -= zone.freeBlocksAt(o) << o; // blocks of this order are too small for the request
      m >>= 1; // ...so fewer pages need to remain free at the next order
      if (f <= m) {
        return R_NO_BLOCK;
      }
    }
    return R_PASS;
  }

  private static int anyBlock(ZoneState zone, int order, int flags, WatermarkAlgorithm a) {
    boolean cma = (flags & F_CMA) != 0;
    boolean highatomic = highatomicListAccess(flags, a);
    Map<String, long[]> byType = zone.freeBlocksByType();
    if (byType != null && !byType.isEmpty()) {
      for (Map.Entry<String, long[]> e : byType.entrySet()) {
        if (usableType(e.getKey(), cma, highatomic) && anyFrom(e.getValue(), order)) {
          return R_PASS;
        }
      }
      return R_NO_BLOCK;
    }
    int n = zone.orders();
    for (int o = order; o < n; o++) {
      if (zone.freeBlocksAt(o) == 0) {
        continue;
      }
      String letters = zone.blockTypeAt(o);
      if (letters == null || letters.isEmpty()) {
        // Pre-3.8 dump (or a count printed without letters): any free block counts.
        return R_PASS | R_APPROXIMATE;
      }
      for (int i = 0; i < letters.length(); i++) {
        char c = letters.charAt(i);
        if (c == 'U' || c == 'M' || c == 'E' || (cma && c == 'C') || (highatomic && c == 'H')) {
          return R_PASS;
        }
      }
    }
    return R_NO_BLOCK;
  }

  private static boolean usableType(String type, boolean cma, boolean highatomic) {
    return type.equalsIgnoreCase("Unmovable")
        || type.equalsIgnoreCase("Movable")
        || type.equalsIgnoreCase("Reclaimable")
        || (cma && type.equalsIgnoreCase("CMA"))
        || (highatomic && type.equalsIgnoreCase("HighAtomic"));
  }

  private static boolean anyFrom(long[] counts, int order) {
    if (counts == null) {
      return false;
    }
    for (int o = order; o < counts.length; o++) {
      if (counts[o] != 0) {
        return true;
      }
    }
    return false;
  }
}
