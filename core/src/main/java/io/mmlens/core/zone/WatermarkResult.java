package io.mmlens.core.zone;

import java.util.LinkedHashMap;
import java.util.Map;

/** Outcome of one replayed watermark check: pass/fail, why, and by how many pages. */
public final class WatermarkResult {

  /** Which test of {@code __zone_watermark_ok} failed. */
  public enum FailureReason {
    /** The check passed. */
    NONE,
    /** The order-0 test failed: not enough free pages above mark + lowmem_reserve (lack of memory). */
    FREE_BELOW_WATERMARK,
    /** Enough free pages, but no usable free block of the order (fragmentation). */
    NO_SUITABLE_BLOCK;

    /** Lower-case name for JSON. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Watermark watermark;
  private final WatermarkAlgorithm algorithm;
  private final int order;
  private final FailureReason reason;
  private final long freePages;
  private final long markPages;
  private final long reservePages;
  private final boolean approximate;

  WatermarkResult(
      Watermark watermark,
      WatermarkAlgorithm algorithm,
      int order,
      FailureReason reason,
      long freePages,
      long markPages,
      long reservePages,
      boolean approximate) {
    this.watermark = watermark;
    this.algorithm = algorithm;
    this.order = order;
    this.reason = reason;
    this.freePages = freePages;
    this.markPages = markPages;
    this.reservePages = reservePages;
    this.approximate = approximate;
  }

  public boolean passes() {
    return reason == FailureReason.NONE;
  }

  public FailureReason failureReason() {
    return reason;
  }

  /**
   * Pages above the order-0 threshold: {@code free' - (mark + reserve)}, where free' is the free
   * count after the check's subtractions. The order-0 test passes only when this is positive.
   */
  public long marginPages() {
    return freePages - (markPages + reservePages);
  }

  /** The free count the order-0 test compared (free minus 2^order-1, highatomic and CMA as applicable). */
  public long freePages() {
    return freePages;
  }

  /** The watermark after the request's flag reductions, in pages. */
  public long markPages() {
    return markPages;
  }

  /** The lowmem_reserve entry that applied, in pages. */
  public long reservePages() {
    return reservePages;
  }

  /**
   * True when the source lacked what the block test needs (no migratetype letters or per-type
   * counts: any non-empty order counted as usable; or no buddy counts at all for order > 0).
   */
  public boolean approximate() {
    return approximate;
  }

  public Watermark watermark() {
    return watermark;
  }

  public WatermarkAlgorithm algorithm() {
    return algorithm;
  }

  public int order() {
    return order;
  }

  /** Snake_case fields; page figures only (byte figures need the zone's page size). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("watermark", watermark.key());
    m.put("algorithm", algorithm.key());
    m.put("order", order);
    m.put("passes", passes());
    m.put("failure_reason", reason.key());
    m.put("margin_pages", marginPages());
    m.put("free_pages", freePages);
    m.put("mark_pages", markPages);
    m.put("reserve_pages", reservePages);
    m.put("approximate", approximate);
    return m;
  }

  @Override
  public String toString() {
    return "order-"
        + order
        + " at "
        + watermark.key()
        + " ("
        + algorithm.key()
        + "): "
        + (passes() ? "pass" : "fail " + reason.key())
        + " margin="
        + marginPages()
        + " free'="
        + freePages
        + " mark="
        + markPages
        + " reserve="
        + reservePages
        + (approximate ? " approximate" : "");
  }
}
