package io.mmlens.core.diagnosis;

import io.mmlens.core.KernelRelease;
import io.mmlens.core.gfp.GfpDecoder;
import io.mmlens.core.gfp.GfpDecoding;
import io.mmlens.core.kmsg.KernelReport;
import io.mmlens.core.kmsg.LogZone;
import io.mmlens.core.zone.AllocRequest;
import io.mmlens.core.zone.FragmentationIndex;
import io.mmlens.core.zone.Watermark;
import io.mmlens.core.zone.WatermarkAlgorithm;
import io.mmlens.core.zone.WatermarkCheck;
import io.mmlens.core.zone.WatermarkResult;
import io.mmlens.core.zone.ZoneState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Decides, from one decoded report, which zones could serve the request and why it failed. */
public final class Diagnoser {

  /**
   * Minimum drain tolerance in pages. Mem-Info is printed after drain_all_pages() returned the
   * per-CPU lists to the buddy allocator, and other CPUs keep freeing, so the printed free count
   * is slightly above what the failed check saw; seeds 001 and 002 pass their lines by 2 pages.
   */
  public static final long MIN_TOLERANCE_PAGES = 8;
  /** The tolerance also scales with the mark: 1/64 (~1.6 %) of min + reserve. */
  public static final int TOLERANCE_DIVISOR = 64;

  private Diagnoser() {}

  /** Tolerance for a zone whose order-0 threshold (min + reserve) is {@code threshold} pages. */
  public static long tolerance(long threshold) {
    return Math.max(MIN_TOLERANCE_PAGES, threshold / TOLERANCE_DIVISOR);
  }

  /** Decodes the report's gfp mask (override wins over its release; null if no mask printed). */
  public static GfpDecoding gfp(KernelReport r, KernelRelease override) {
    String printed = r.gfpMask();
    if (printed != null && r.gfpPrintedFlags() != null) {
      printed = printed + "(" + r.gfpPrintedFlags() + ")";
    }
    if (printed == null) {
      return null;
    }
    return GfpDecoder.decode(printed, r.kernelRelease(), override, hasHighMem(r));
  }

  static boolean hasHighMem(KernelReport r) {
    for (LogZone z : r.zones()) {
      if ("HighMem".equals(z.state().name())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Per-zone fit and the verdict.
   *
   * @param allowedNodes nodes the request may use (nodemask/mems_allowed), null for all
   */
  public static Diagnosis diagnose(KernelReport r, GfpDecoding gfp, List<Integer> allowedNodes,
      Map<String, Object> plainTree) {
    WatermarkAlgorithm algo = WatermarkAlgorithm.forRelease(r.kernelRelease());
    int gfpLevel = gfp == null || gfp.zoneLevel() < 0 ? 4 : gfp.zoneLevel();
    int classIndex = classZoneIndex(r.zones(), gfpLevel);
    Integer order = r.order() != null && r.order() >= 0 ? r.order() : null;
    AllocRequest req = request(gfp, order == null ? 0 : order, classIndex);
    List<ZoneFit> fits = new ArrayList<>();
    for (LogZone lz : r.zones()) {
      fits.add(fit(lz, gfpLevel, allowedNodes, req, order, algo));
    }
    return Verdicts.decide(r, gfp, order, fits, req, algo, plainTree);
  }

  /** Pre-5.8 classzone: the highest printed zone not above the gfp zone (equal in practice to 5.8+). */
  static int classZoneIndex(List<LogZone> zones, int gfpLevel) {
    int idx = 0;
    for (LogZone z : zones) {
      ZoneState s = z.state();
      int lvl = GfpDecoding.levelOf(s.name());
      if (lvl >= 0 && lvl <= gfpLevel && s.zoneIndex() > idx) {
        idx = s.zoneIndex();
      }
    }
    return idx;
  }

  static AllocRequest request(GfpDecoding gfp, int order, int classIndex) {
    AllocRequest.Builder b = AllocRequest.builder(order, classIndex);
    if (gfp != null) {
      List<String> a = gfp.allocFlags();
      b.high(a.contains("ALLOC_HIGH") || a.contains("ALLOC_MIN_RESERVE"));
      b.harder(a.contains("ALLOC_HARDER") || a.contains("ALLOC_NON_BLOCK"));
      b.cma(a.contains("ALLOC_CMA"));
      if ("Movable".equals(gfp.migratetype())) {
        b.migratetype(AllocRequest.Migratetype.MOVABLE);
      } else if ("Reclaimable".equals(gfp.migratetype())) {
        b.migratetype(AllocRequest.Migratetype.RECLAIMABLE);
      }
    }
    return b.build();
  }

  static ZoneFit fit(LogZone lz, int gfpLevel, List<Integer> allowedNodes, AllocRequest req,
      Integer order, WatermarkAlgorithm algo) {
    ZoneState s = lz.state();
    int largest = lz.largestFreeOrder();
    Double frag = null;
    if (order != null && s.hasFreeBlocks() && order < s.orders()) {
      OptionalDouble f = FragmentationIndex.fragmentation(s.freeBlocks(), order);
      frag = f.isPresent() ? f.getAsDouble() : null;
    }
    int lvl = GfpDecoding.levelOf(s.name());
    boolean allowed = lvl <= gfpLevel
        && (allowedNodes == null || s.node() == null || allowedNodes.contains(s.node()));
    long reserve = s.protectionFor(req.classZoneIndex());
    if (!allowed) {
      return new ZoneFit(s.node(), s.name(), s.zoneIndex(), ZoneFit.Fit.NOT_ALLOWED,
          ZoneFit.Cause.NONE, null, largest, frag, s.free(), reserve);
    }
    if (!lz.watermarksKnown()) {
      return new ZoneFit(s.node(), s.name(), s.zoneIndex(), ZoneFit.Fit.UNKNOWN,
          ZoneFit.Cause.NONE, null, largest, frag, s.free(), reserve);
    }
    WatermarkResult w = WatermarkCheck.check(s, req, Watermark.MIN, algo);
    long margin = w.marginPages();
    ZoneFit.Fit fit;
    ZoneFit.Cause cause;
    if (w.failureReason() == WatermarkResult.FailureReason.FREE_BELOW_WATERMARK) {
      fit = ZoneFit.Fit.FAILS;
      cause = ZoneFit.Cause.BELOW_WATERMARK;
    } else if (margin <= tolerance(w.markPages() + w.reservePages())) {
      fit = ZoneFit.Fit.AT_WATERMARK;
      cause = ZoneFit.Cause.BELOW_WATERMARK;
    } else if (w.passes()) {
      fit = order == null ? ZoneFit.Fit.UNKNOWN : ZoneFit.Fit.FITS;
      cause = ZoneFit.Cause.NONE;
    } else {
      fit = ZoneFit.Fit.FAILS;
      cause = largest < req.order() ? ZoneFit.Cause.NO_BLOCK_OF_ORDER
          : ZoneFit.Cause.HIGH_ORDER_RESERVE;
    }
    return new ZoneFit(s.node(), s.name(), s.zoneIndex(), fit, cause, margin, largest, frag,
        s.free(), reserve);
  }

  /** Highest order the zone passes at min for {@code req}'s class zone; -1 if order 0 fails. */
  static int highestPassingOrder(ZoneState s, AllocRequest req, WatermarkAlgorithm algo) {
    int best = -1;
    for (int o = 0; o < Math.max(1, s.orders()); o++) {
      WatermarkResult w = WatermarkCheck.check(s, req.withOrder(o), Watermark.MIN, algo);
      if (!w.passes() || w.marginPages() <= tolerance(w.markPages() + w.reservePages())) {
        break;
      }
      best = o;
    }
    return best;
  }
}
