package io.mmlens.core.diagnosis;

import java.util.LinkedHashMap;
import java.util.Map;

/** Whether the failed request would fit in one printed zone, and why not. */
public final class ZoneFit {

  /** Outcome of the min-watermark check for one zone. */
  public enum Fit {
    /** Passes with a margin beyond the drain tolerance. */
    FITS,
    /** Passes the order-0 test by at most the tolerance: indistinguishable from failing. */
    AT_WATERMARK,
    /** Fails the check. */
    FAILS,
    /** The gfp mask (zone or node) does not allow this zone. */
    NOT_ALLOWED,
    /** Watermarks or the order are unknown. */
    UNKNOWN;

    /** Lower-case JSON value. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Why a zone cannot serve the request, for the verdict. */
  public enum Cause {
    NONE,
    /** Free pages at or below min + lowmem_reserve (or within the tolerance). */
    BELOW_WATERMARK,
    /** Enough free pages but no free block of the requested order. */
    NO_BLOCK_OF_ORDER,
    /** Blocks of the order exist but the legacy per-order test found too few pages at ≥ order. */
    HIGH_ORDER_RESERVE
  }

  final Integer node;
  final String name;
  final int zoneIndex;
  final Fit fit;
  final Cause cause;
  final Long marginPages;
  final int largestFreeOrder;
  final Double fragmentationIndex;
  final long freePages;
  final long reservePages;

  ZoneFit(Integer node, String name, int zoneIndex, Fit fit, Cause cause, Long marginPages,
      int largestFreeOrder, Double fragmentationIndex, long freePages, long reservePages) {
    this.node = node;
    this.name = name;
    this.zoneIndex = zoneIndex;
    this.fit = fit;
    this.cause = cause;
    this.marginPages = marginPages;
    this.largestFreeOrder = largestFreeOrder;
    this.fragmentationIndex = fragmentationIndex;
    this.freePages = freePages;
    this.reservePages = reservePages;
  }

  public Integer node() {
    return node;
  }

  public String name() {
    return name;
  }

  public Fit fit() {
    return fit;
  }

  public Cause cause() {
    return cause;
  }

  /** free' − (min + lowmem_reserve) in pages as the kernel's order-0 test computes it; null if unknown. */
  public Long marginPages() {
    return marginPages;
  }

  public int largestFreeOrder() {
    return largestFreeOrder;
  }

  /** Kernel extfrag index at the requested order as 0..1; null at −1000 or unknown order. */
  public Double fragmentationIndex() {
    return fragmentationIndex;
  }

  /** {@code request_fits} value: true/false, null when not allowed or unknown. */
  public Boolean requestFits() {
    switch (fit) {
      case FITS: return Boolean.TRUE;
      case AT_WATERMARK: case FAILS: return Boolean.FALSE;
      default: return null;
    }
  }

  /** Fields merged into {@code zones[i]}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("request_fits", requestFits());
    m.put("request_fit", fit.key());
    m.put("margin_pages", marginPages);
    m.put("fragmentation_index", fragmentationIndex);
    m.put("request_reserve_pages", fit == Fit.NOT_ALLOWED ? null : reservePages);
    return m;
  }
}
