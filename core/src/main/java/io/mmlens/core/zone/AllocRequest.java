package io.mmlens.core.zone;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One page-allocation request as the watermark check sees it: its order, its class zone (the
 * highest zone it may use, which selects the lowmem_reserve entry), its migratetype and the
 * allocator flags that relax the check. Immutable; {@link #of} for a plain request, {@link
 * #builder} for the rest.
 *
 * <p>Flags are era-neutral; {@link WatermarkCheck} maps them to the kernel of the chosen {@link
 * WatermarkAlgorithm}: {@code high} = __GFP_HIGH (ALLOC_HIGH, 6.3+ ALLOC_MIN_RESERVE); {@code
 * harder} = atomic / cannot block (ALLOC_HARDER, 6.3+ ALLOC_NON_BLOCK); {@code highatomic} =
 * may take the high-atomic reserve (6.3+ ALLOC_HIGHATOMIC; before 6.3 {@code harder} implies it);
 * {@code oom} = OOM victim (ALLOC_OOM, 4.4+); {@code cma} = may use CMA pages (ALLOC_CMA, set by
 * the kernel for movable requests).
 */
public final class AllocRequest {

  /** Mobility type of the request (selects the free lists it prefers). */
  public enum Migratetype {
    UNMOVABLE,
    MOVABLE,
    RECLAIMABLE
  }

  private final int order;
  private final int classZoneIndex;
  private final Migratetype migratetype;
  private final boolean high;
  private final boolean harder;
  private final boolean cma;
  private final boolean highatomic;
  private final boolean oom;

  private AllocRequest(Builder b) {
    this.order = b.order;
    this.classZoneIndex = b.classZoneIndex;
    this.migratetype = b.migratetype;
    this.high = b.high;
    this.harder = b.harder;
    this.cma = b.cma;
    this.highatomic = b.highatomic;
    this.oom = b.oom;
  }

  /** A plain (no flags, unmovable) request of {@code order} whose highest usable zone index is given. */
  public static AllocRequest of(int order, int classZoneIndex) {
    return builder(order, classZoneIndex).build();
  }

  public static Builder builder(int order, int classZoneIndex) {
    return new Builder(order, classZoneIndex);
  }

  /** Allocation order: the request wants 2^order contiguous pages. */
  public int order() {
    return order;
  }

  /**
   * Index of the highest zone the request may use (gfp_zone; before 5.8 the kernel's
   * classzone_idx); the checked zone's {@code lowmem_reserve[classZoneIndex]} applies.
   */
  public int classZoneIndex() {
    return classZoneIndex;
  }

  public Migratetype migratetype() {
    return migratetype;
  }

  public boolean high() {
    return high;
  }

  public boolean harder() {
    return harder;
  }

  public boolean cma() {
    return cma;
  }

  public boolean highatomic() {
    return highatomic;
  }

  public boolean oom() {
    return oom;
  }

  /** The same request at another order (for per-order sweeps). */
  public AllocRequest withOrder(int newOrder) {
    if (newOrder == order) {
      return this;
    }
    Builder b = toBuilder();
    b.order = checkOrder(newOrder);
    return b.build();
  }

  /** The same request with another class zone (to ask the same question for another zone list). */
  public AllocRequest withClassZoneIndex(int newClassZoneIndex) {
    if (newClassZoneIndex == classZoneIndex) {
      return this;
    }
    Builder b = toBuilder();
    b.classZoneIndex = newClassZoneIndex;
    return b.build();
  }

  /** A builder preset with this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder(order, classZoneIndex);
    b.migratetype = migratetype;
    b.high = high;
    b.harder = harder;
    b.cma = cma;
    b.highatomic = highatomic;
    b.oom = oom;
    return b;
  }

  /** Snake_case fields of the request. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("order", order);
    m.put("class_zone_index", classZoneIndex);
    m.put("migratetype", migratetype.name().toLowerCase(java.util.Locale.ROOT));
    m.put("high", high);
    m.put("harder", harder);
    m.put("cma", cma);
    m.put("highatomic", highatomic);
    m.put("oom", oom);
    return m;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("order-").append(order).append(" classzone=").append(classZoneIndex);
    sb.append(' ').append(migratetype);
    if (high) {
      sb.append(" HIGH");
    }
    if (harder) {
      sb.append(" HARDER");
    }
    if (highatomic) {
      sb.append(" HIGHATOMIC");
    }
    if (oom) {
      sb.append(" OOM");
    }
    if (cma) {
      sb.append(" CMA");
    }
    return sb.toString();
  }

  private static int checkOrder(int order) {
    if (order < 0 || order > 62) {
      throw new IllegalArgumentException("order must be 0..62, was " + order);
    }
    return order;
  }

  /** Builder for requests with flags. */
  public static final class Builder {
    private int order;
    private int classZoneIndex;
    private Migratetype migratetype = Migratetype.UNMOVABLE;
    private boolean high;
    private boolean harder;
    private boolean cma;
    private boolean highatomic;
    private boolean oom;

    private Builder(int order, int classZoneIndex) {
      this.order = checkOrder(order);
      this.classZoneIndex = classZoneIndex;
    }

    public Builder migratetype(Migratetype type) {
      this.migratetype = java.util.Objects.requireNonNull(type, "migratetype");
      return this;
    }

    public Builder high(boolean v) {
      this.high = v;
      return this;
    }

    public Builder harder(boolean v) {
      this.harder = v;
      return this;
    }

    /** GFP_ATOMIC: __GFP_HIGH plus cannot block (and high-atomic access for order > 0 on 6.3+). */
    public Builder atomic() {
      this.high = true;
      this.harder = true;
      this.highatomic = order > 0;
      return this;
    }

    public Builder cma(boolean v) {
      this.cma = v;
      return this;
    }

    public Builder highatomic(boolean v) {
      this.highatomic = v;
      return this;
    }

    public Builder oom(boolean v) {
      this.oom = v;
      return this;
    }

    public AllocRequest build() {
      return new AllocRequest(this);
    }
  }
}
