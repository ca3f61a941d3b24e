package io.mmlens.core.zone;

import io.mmlens.core.zone.WatermarkResult.FailureReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one zone's numbers mean: largest free block, both kernel fragmentation indices per order,
 * and the highest order a plain request (class zone = this zone) still passes at min and at low.
 * Immutable; computed once in O(orders) without per-order objects.
 */
public final class ZoneAnalysis {

  private final ZoneState zone;
  private final WatermarkAlgorithm algorithm;
  private final int largestFreeOrder;
  private final int[] extfrag;
  private final int[] unusable;
  private final int highestAtMin;
  private final int highestAtLow;
  private final FailureReason reasonAtMin;
  private final FailureReason reasonAtLow;
  private final boolean approximate;

  private ZoneAnalysis(ZoneState zone, WatermarkAlgorithm algorithm) {
    this.zone = zone;
    this.algorithm = algorithm;
    int n = zone.orders();
    int largest = -1;
    for (int o = n - 1; o >= 0; o--) {
      if (zone.freeBlocksAt(o) != 0) {
        largest = o;
        break;
      }
    }
    this.largestFreeOrder = largest;
    this.extfrag = new int[n];
    this.unusable = new int[n];
    if (n > 0) {
      FragmentationIndex.fill(zone.freeBlocks(), extfrag, unusable);
    }
    long reserve = zone.protectionFor(zone.zoneIndex());
    int minR = highest(zone, reserve, zone.min(), algorithm);
    int lowR = highest(zone, reserve, zone.low(), algorithm);
    this.highestAtMin = minR >> 8;
    this.highestAtLow = lowR >> 8;
    this.reasonAtMin = reason(minR);
    this.reasonAtLow = reason(lowR);
    this.approximate = ((minR | lowR) & WatermarkCheck.R_APPROXIMATE) != 0;
  }

  /** Analyses {@code zone} with the watermark algorithm of its kernel. */
  public static ZoneAnalysis of(ZoneState zone, WatermarkAlgorithm algorithm) {
    return new ZoneAnalysis(
        Objects.requireNonNull(zone, "zone"), Objects.requireNonNull(algorithm, "algorithm"));
  }

  /**
   * Highest passing order packed with the first failure: {@code (order << 8) | result bits}; order
   * is -1 when order 0 fails. Orders are swept upward and stop at the first failure because the
   * check is monotone in the order.
   */
  private static int highest(ZoneState zone, long reserve, long mark, WatermarkAlgorithm a) {
    int n = Math.max(zone.orders(), 1);
    // Without buddy counts only order 0 can be answered; higher orders are unknown, not failing.
    int approx = zone.hasFreeBlocks() ? 0 : WatermarkCheck.R_APPROXIMATE;
    for (int o = 0; o < n; o++) {
      int r = WatermarkCheck.evaluate(zone, o, reserve, 0, mark, a);
      approx |= r & WatermarkCheck.R_APPROXIMATE;
      if ((r & WatermarkCheck.R_REASON_MASK) != WatermarkCheck.R_PASS) {
        return ((o - 1) << 8) | (r & WatermarkCheck.R_REASON_MASK) | approx;
      }
    }
    return ((n - 1) << 8) | approx;
  }

  private static FailureReason reason(int packed) {
    switch (packed & WatermarkCheck.R_REASON_MASK) {
      case WatermarkCheck.R_FREE_BELOW:
        return FailureReason.FREE_BELOW_WATERMARK;
      case WatermarkCheck.R_NO_BLOCK:
        return FailureReason.NO_SUITABLE_BLOCK;
      default:
        return FailureReason.NONE;
    }
  }

  public ZoneState zone() {
    return zone;
  }

  public WatermarkAlgorithm algorithm() {
    return algorithm;
  }

  /** Highest order with a free block, -1 when there is none (or no buddy counts). */
  public int largestFreeOrder() {
    return largestFreeOrder;
  }

  /** Number of orders analysed (buddy columns). */
  public int orders() {
    return extfrag.length;
  }

  /** Kernel extfrag index at {@code order} in thousandths (-1000: a suitable block exists). */
  public int extfragIndex(int order) {
    return extfrag[order];
  }

  /** Kernel unusable free space index at {@code order} in thousandths. */
  public int unusableIndex(int order) {
    return unusable[order];
  }

  /** Copy of all extfrag indices (thousandths). */
  public int[] extfragIndices() {
    return extfrag.clone();
  }

  /** Copy of all unusable indices (thousandths). */
  public int[] unusableIndices() {
    return unusable.clone();
  }

  /** Highest order a plain request with this zone as class zone passes at min; -1 if order 0 fails. */
  public int highestOrderAtMin() {
    return highestAtMin;
  }

  /** Highest order a plain request with this zone as class zone passes at low; -1 if order 0 fails. */
  public int highestOrderAtLow() {
    return highestAtLow;
  }

  /** Why the lowest failing order fails at min (NONE when every order passes). */
  public FailureReason failureReasonAtMin() {
    return reasonAtMin;
  }

  /** Why the lowest failing order fails at low (NONE when every order passes). */
  public FailureReason failureReasonAtLow() {
    return reasonAtLow;
  }

  /** True when the per-order answers had to guess (no migratetype detail, or no buddy counts). */
  public boolean approximate() {
    return approximate;
  }

  /** Free pages minus the min watermark (negative when below min). */
  public long headroomAboveMinPages() {
    return zone.free() - zone.min();
  }

  public long headroomAboveMinBytes() {
    return zone.bytes(headroomAboveMinPages());
  }

  /** Snake_case fields, documented in docs/fields.md (Zone analysis fields). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("largest_free_order", largestFreeOrder);
    List<Object> frag = new ArrayList<>(extfrag.length);
    List<Object> ext = new ArrayList<>(extfrag.length);
    List<Object> unus = new ArrayList<>(unusable.length);
    for (int o = 0; o < extfrag.length; o++) {
      frag.add(extfrag[o] == FragmentationIndex.SUITABLE_BLOCK_EXISTS ? null : extfrag[o] / 1000.0);
      ext.add(extfrag[o]);
      unus.add(unusable[o] / 1000.0);
    }
    m.put("fragmentation_index", frag);
    m.put("extfrag_index", ext);
    m.put("unusable_index", unus);
    m.put("highest_order_at_min", highestAtMin);
    m.put("highest_order_at_low", highestAtLow);
    m.put("failure_reason_at_min", reasonAtMin.key());
    m.put("failure_reason_at_low", reasonAtLow.key());
    m.put("watermark_algorithm", algorithm.key());
    m.put("watermark_approximate", approximate);
    m.put("headroom_above_min_pages", headroomAboveMinPages());
    m.put("headroom_above_min_bytes", headroomAboveMinBytes());
    return m;
  }

  @Override
  public String toString() {
    return zone.label()
        + ": largest_free_order="
        + largestFreeOrder
        + " highest_order_at_min="
        + highestAtMin
        + " highest_order_at_low="
        + highestAtLow
        + (approximate ? " (approximate)" : "");
  }
}
