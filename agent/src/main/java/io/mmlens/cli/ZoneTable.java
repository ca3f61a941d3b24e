package io.mmlens.cli;

import io.mmlens.core.zone.AllocRequest;
import io.mmlens.core.zone.FragmentationIndex;
import io.mmlens.core.zone.Watermark;
import io.mmlens.core.zone.WatermarkCheck;
import io.mmlens.core.zone.WatermarkResult;
import io.mmlens.core.zone.ZoneAnalysis;
import io.mmlens.core.zone.ZoneState;
import java.io.PrintStream;
import java.util.List;

/** Renders zones as the readable table of {@code mmlens snapshot}. */
final class ZoneTable {

  /** Orders shown in the fragmentation columns (the kernel's default MAX_ORDER on x86). */
  static final int SHOWN_ORDERS = 11;

  /**
   * @param watermarksKnown false when zoneinfo was missing (zones from buddyinfo only): the
   *     watermark columns then show '?' instead of the zeros the zone state holds
   */
  static void print(
      List<ZoneState> zones, List<ZoneAnalysis> analyses, boolean watermarksKnown, PrintStream out) {
    out.printf(
        "%-16s %10s %10s %10s %10s %8s  %s%n",
        "zone", "free", "min", "low", "high", "largest", "fragmentation index by order 0..10");
    for (int i = 0; i < zones.size(); i++) {
      ZoneState z = zones.get(i);
      ZoneAnalysis a = analyses.get(i);
      StringBuilder frag = new StringBuilder(SHOWN_ORDERS * 6);
      for (int o = 0; o < SHOWN_ORDERS; o++) {
        if (o >= a.orders()) {
          frag.append("    . ");
          continue;
        }
        int idx = a.extfragIndex(o);
        // The kernel's -1000 means "a block this large exists": nothing to report.
        frag.append(
            idx == FragmentationIndex.SUITABLE_BLOCK_EXISTS
                ? "    - "
                : String.format("%5.3f ", idx / 1000.0));
      }
      out.printf(
          "%-16s %10s %10s %10s %10s %8s  %s%n",
          Terminal.safe(z.label()),
          Terminal.bytes(z.bytes(z.free())),
          watermarksKnown ? Terminal.bytes(z.bytes(z.min())) : "?",
          watermarksKnown ? Terminal.bytes(z.bytes(z.low())) : "?",
          watermarksKnown ? Terminal.bytes(z.bytes(z.high())) : "?",
          unpopulated(z) ? "empty" : a.largestFreeOrder() < 0 ? "none" : "order " + a.largestFreeOrder(),
          frag.toString().trim());
    }
    out.println("(fragmentation index: '-' = a free block of that order exists; near 1 = free memory is"
        + " there but in smaller blocks; near 0 = memory is short)");
    for (int i = 0; i < zones.size(); i++) {
      printWarnings(zones.get(i), analyses.get(i), out);
    }
  }

  /** One line per order whose requests (with this zone as their highest zone) fail at low. */
  private static void printWarnings(ZoneState z, ZoneAnalysis a, PrintStream out) {
    if (unpopulated(z)) {
      return; // no memory at all (e.g. Movable/Device on most hosts): no request is ever served here
    }
    int orders = Math.max(a.orders(), 1);
    for (int o = Math.max(0, a.highestOrderAtLow() + 1); o < orders; o++) {
      AllocRequest req = AllocRequest.of(o, Math.max(z.zoneIndex(), 0));
      WatermarkResult r = WatermarkCheck.check(z, req, Watermark.LOW, a.algorithm());
      if (r.passes()) {
        continue;
      }
      String why =
          r.failureReason() == WatermarkResult.FailureReason.NO_SUITABLE_BLOCK
              ? (a.largestFreeOrder() >= o
                  // Pre-4.4 kernels also want enough pages at >= order: mark halved per order.
                  ? "only " + Terminal.bytes(z.bytes(pagesAtOrAbove(z, o))) + " free in blocks of order "
                      + o + " or larger; the pre-4.4 check needs more than "
                      + Terminal.bytes(z.bytes(r.markPages() >> o)) + " (low / 2^" + o + ")"
                  : "no free block of order " + o + " or larger (largest is order " + a.largestFreeOrder() + ")")
              : "free " + Terminal.bytes(z.bytes(z.free()))
                  + (r.freePages() != z.free()
                      ? " (" + Terminal.bytes(z.bytes(r.freePages())) + " counted at this order)"
                      : "")
                  + " is not above low " + Terminal.bytes(z.bytes(r.markPages() + r.reservePages()));
      out.printf(
          "warning: %s: order-%d requests (%s) would fail at low: %s%n",
          Terminal.safe(z.label()), o, Terminal.bytes(z.bytes(1L << o)), why);
    }
  }

  private static long pagesAtOrAbove(ZoneState z, int order) {
    long pages = 0;
    for (int k = order; k < z.orders(); k++) {
      pages += z.freeBlocksAt(k) << k;
    }
    return pages;
  }

  /** A zone the kernel lists but that manages no page (zoneinfo {@code managed 0}). */
  static boolean unpopulated(ZoneState z) {
    return z.managed().isPresent() ? z.managed().getAsLong() == 0
        : z.present().isPresent() && z.present().getAsLong() == 0;
  }

  private ZoneTable() {}
}
