package io.mmlens.core.diagnosis;

import io.mmlens.core.gfp.GfpDecoding;
import io.mmlens.core.kmsg.KernelReport;
import io.mmlens.core.kmsg.LogZone;
import io.mmlens.core.zone.AllocRequest;
import io.mmlens.core.zone.WatermarkAlgorithm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Verdict and summary rules (see docs/fields.md, diagnosis for the reasoning). */
final class Verdicts {

  private Verdicts() {}

  static Diagnosis decide(KernelReport r, GfpDecoding gfp, Integer order, List<ZoneFit> fits,
      AllocRequest req, WatermarkAlgorithm algo, Map<String, Object> tree) {
    List<Diagnosis.Factor> factors = Factors.find(r, tree);
    int pk = Math.max(1, r.pageSize() / 1024);
    String what = describe(gfp, order);
    Map<String, Object> memcg = r.memcg();
    if ("memcg_oom".equals(r.kind()) || memcgAtLimit(memcg)) {
      String s = "Memory cgroup " + memcg.get("path") + " hit its limit: usage "
          + Sizes.kb(memcg.get("usage_kb")) + " of " + Sizes.kb(memcg.get("limit_kb"))
          + "; the host itself was not out of memory.";
      return new Diagnosis("memcg_limit", factors, s + Factors.sentence(factors), fits, null);
    }
    if (r.zones().isEmpty()) {
      return withoutDump(gfp, order, what, factors, fits);
    }
    List<ZoneFit> allowed = new ArrayList<>();
    for (ZoneFit z : fits) {
      if (z.fit != ZoneFit.Fit.NOT_ALLOWED) {
        allowed.add(z);
      }
    }
    if (allowed.isEmpty()) {
      return new Diagnosis("inconclusive", factors,
          "No zone of the dump could be checked for " + what + "." + Factors.sentence(factors),
          fits, null);
    }
    if (order == null) {
      return unknownOrder(r, fits, allowed, req, algo, factors, pk);
    }
    StringBuilder sb = new StringBuilder();
    List<ZoneFit> fragmented = new ArrayList<>();
    boolean anyFits = false;
    for (ZoneFit z : allowed) {
      if (z.fit == ZoneFit.Fit.FITS) {
        anyFits = true;
      } else if (z.cause == ZoneFit.Cause.NO_BLOCK_OF_ORDER) {
        fragmented.add(z);
      }
    }
    if (anyFits) {
      sb.append("At least one allowed zone passes its min watermark for ").append(what)
          .append(" in this dump (memory was freed between the failure and the dump).");
      return new Diagnosis("inconclusive", factors, sb + Factors.sentence(factors), fits, null);
    }
    if (!fragmented.isEmpty()) {
      for (ZoneFit z : fragmented) {
        sb.append(label(z)).append(" has ").append(Sizes.pages(z.freePages, pk))
            .append(" free, but its largest free block is order ").append(z.largestFreeOrder)
            .append(" (").append(Sizes.pages(1L << Math.max(0, z.largestFreeOrder), pk))
            .append("): no order-").append(order).append(" request can be served there. ");
      }
      return new Diagnosis("fragmentation", factors,
          sb.toString().trim() + Factors.sentence(factors), fits, null);
    }
    sb.append("No zone ").append(what).append(" may use can serve it: ");
    List<String> parts = new ArrayList<>();
    for (ZoneFit z : allowed) {
      if (z.marginPages == null) {
        continue;
      }
      String head = label(z) + " " + Sizes.pages(z.freePages, pk) + " free, margin "
          + z.marginPages + " pages against min + " + z.reservePages + " lowmem_reserve pages";
      if (z.cause == ZoneFit.Cause.HIGH_ORDER_RESERVE) {
        head += " (too little free at order " + order + " and above)";
      } else if (z.fit == ZoneFit.Fit.AT_WATERMARK) {
        head += " (within the drain tolerance)";
      }
      parts.add(head);
    }
    sb.append(String.join("; ", parts)).append('.');
    long elsewhere = 0;
    List<String> others = new ArrayList<>();
    for (ZoneFit z : fits) {
      if (z.fit == ZoneFit.Fit.NOT_ALLOWED && z.freePages > 0) {
        LogZone lz = zoneOf(r, z);
        long min = lz != null && lz.watermarksKnown() ? lz.state().min() : 0;
        if (z.freePages > min + Diagnoser.tolerance(min)) {
          elsewhere += z.freePages;
          others.add(label(z) + " holds " + Sizes.pages(z.freePages, pk) + " free");
        }
      }
    }
    if (!others.isEmpty()) {
      sb.append(' ').append(String.join(", ", others))
          .append(" that this request cannot use.");
      return new Diagnosis("zone_exhaustion", factors, sb + Factors.sentence(factors), fits, null);
    }
    return new Diagnosis("memory_exhaustion", factors, sb + Factors.sentence(factors), fits, null);
  }

  /** Order unknown (dump without header): say which orders could have failed. */
  private static Diagnosis unknownOrder(KernelReport r, List<ZoneFit> fits, List<ZoneFit> allowed,
      AllocRequest req, WatermarkAlgorithm algo, List<Diagnosis.Factor> factors, int pk) {
    int best = -1;
    ZoneFit bestZone = null;
    List<String> parts = new ArrayList<>();
    for (ZoneFit z : allowed) {
      LogZone lz = zoneOf(r, z);
      if (lz == null || !lz.watermarksKnown()) {
        continue;
      }
      int h = Diagnoser.highestPassingOrder(lz.state(), req, algo);
      if (h >= 0) {
        parts.add(label(z) + " has " + Sizes.pages(z.freePages, pk)
            + " free, but its largest free block is order " + z.largestFreeOrder + " ("
            + Sizes.pages(1L << Math.max(0, z.largestFreeOrder), pk) + "): no order-" + (h + 1)
            + " or larger request can be served there.");
      }
      if (h > best) {
        best = h;
        bestZone = z;
      }
    }
    if (best < 0) {
      return new Diagnosis("memory_exhaustion", factors,
          "Every zone is at its min watermark (with lowmem_reserve) even for an order-0 request."
              + Factors.sentence(factors), fits, null);
    }
    String s = String.join(" ", parts) + " The order is not in the dump; only requests of order "
        + (best + 1) + " or more could have failed (" + label(bestZone) + " can still serve order "
        + best + ").";
    return new Diagnosis("fragmentation", factors, s + Factors.sentence(factors), fits,
        Collections.singletonList(best + 1));
  }

  static boolean memcgAtLimit(Map<String, Object> memcg) {
    Object u = memcg.get("usage_kb");
    Object l = memcg.get("limit_kb");
    if (!(u instanceof Number) || !(l instanceof Number)) {
      return false;
    }
    long usage = ((Number) u).longValue();
    long limit = ((Number) l).longValue();
    return limit > 0 && Boolean.TRUE.equals(memcg.get("killed_by_memcg"))
        || limit > 0 && usage >= limit - limit / 100;
  }

  private static LogZone zoneOf(KernelReport r, ZoneFit z) {
    for (LogZone lz : r.zones()) {
      if (lz.state().name().equals(z.name) && java.util.Objects.equals(lz.state().node(), z.node)) {
        return lz;
      }
    }
    return null;
  }

  static String label(ZoneFit z) {
    return z.node == null ? z.name : "Node " + z.node + " " + z.name;
  }

  /**
   * A failure logged without its Mem-Info dump (rate-limited, filtered, or cut): the zones cannot
   * be checked, but the mask still says whether the kernel could have reclaimed or compacted.
   */
  private static Diagnosis withoutDump(GfpDecoding gfp, Integer order, String what,
      List<Diagnosis.Factor> factors, List<ZoneFit> fits) {
    StringBuilder sb = new StringBuilder("The log holds no zone dump (Mem-Info) for ")
        .append(what).append(", so its zones cannot be checked.");
    if (gfp != null && !gfp.has("__GFP_WAIT") && !gfp.has("__GFP_DIRECT_RECLAIM")) {
      sb.append(" The request may not sleep, so the kernel could neither reclaim nor compact for it");
      sb.append(order != null && order > 0
          ? ": an atomic order-" + order + " request fails as soon as no free block of that order"
              + " is above the watermark, which points at fragmentation or a short burst of demand."
          : ": it fails as soon as free memory is at the (lowered) min watermark.");
    }
    return new Diagnosis("inconclusive", factors, sb + Factors.sentence(factors), fits, null);
  }

  private static String describe(GfpDecoding gfp, Integer order) {
    String o = order == null ? "a request of unknown order" : "an order-" + order + " request";
    return gfp == null ? o : o + " (" + gfp.symbolic() + ")";
  }
}
