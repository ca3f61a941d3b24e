package io.mmlens.core.zone;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The state of one memory zone at one moment, in pages, whether read live from /proc or decoded
 * from a show_mem dump in a kernel log. It is the single input of zone analysis.
 *
 * <p>Fields only some kernels print are explicit: {@link #boost()} etc. return an empty {@link
 * OptionalLong} when the source did not have them, never a sentinel that could leak into
 * arithmetic.
 */
public final class ZoneState {

  private static final long ABSENT = Long.MIN_VALUE;

  private final Integer node;
  private final String name;
  private final int zoneIndex;
  private final int pageSize;
  private final long free;
  private final long min;
  private final long low;
  private final long high;
  private final long boost;
  private final long promo;
  private final long managed;
  private final long present;
  private final long spanned;
  private final long freeCma;
  private final long reservedHighatomic;
  private final long[] protection;
  private final long[] freeBlocks;
  private final String[] blockTypes;
  private final Map<String, long[]> freeBlocksByType;

  private ZoneState(Builder b) {
    this.node = b.node;
    this.name = Objects.requireNonNull(b.name, "name");
    this.zoneIndex = b.zoneIndex;
    this.pageSize = b.pageSize;
    this.free = b.free;
    this.min = b.min;
    this.low = b.low;
    this.high = b.high;
    this.boost = b.boost;
    this.promo = b.promo;
    this.managed = b.managed;
    this.present = b.present;
    this.spanned = b.spanned;
    this.freeCma = b.freeCma;
    this.reservedHighatomic = b.reservedHighatomic;
    this.protection = b.protection == null ? new long[0] : b.protection.clone();
    this.freeBlocks = b.freeBlocks == null ? null : b.freeBlocks.clone();
    this.blockTypes = b.blockTypes == null ? null : b.blockTypes.clone();
    this.freeBlocksByType =
        b.freeBlocksByType == null
            ? null
            : Collections.unmodifiableMap(new LinkedHashMap<>(b.freeBlocksByType));
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** NUMA node, or null when the source did not say (32-bit dumps without {@code Node N}). */
  public Integer node() {
    return node;
  }

  /** Zone name as the kernel prints it: DMA, DMA32, Normal, HighMem, Movable, Device. */
  public String name() {
    return name;
  }

  /**
   * Position of this zone in the kernel's zone list (index into every zone's {@link #protection()}),
   * or -1 when unknown.
   */
  public int zoneIndex() {
    return zoneIndex;
  }

  /** Page size in bytes (4096, 16384, 65536). */
  public int pageSize() {
    return pageSize;
  }

  public long free() {
    return free;
  }

  public long min() {
    return min;
  }

  public long low() {
    return low;
  }

  public long high() {
    return high;
  }

  public OptionalLong boost() {
    return opt(boost);
  }

  public OptionalLong promo() {
    return opt(promo);
  }

  public OptionalLong managed() {
    return opt(managed);
  }

  public OptionalLong present() {
    return opt(present);
  }

  public OptionalLong spanned() {
    return opt(spanned);
  }

  /** Free pages on CMA lists (zoneinfo {@code nr_free_cma}, dump {@code free_cma}). */
  public OptionalLong freeCma() {
    return opt(freeCma);
  }

  /** Pages held in the high-atomic reserve, printed by 5.5+ dumps. */
  public OptionalLong reservedHighatomic() {
    return opt(reservedHighatomic);
  }

  /**
   * lowmem_reserve in pages: entry j is what this zone keeps back from requests whose highest
   * usable zone index is j. Empty when the source did not print it.
   */
  public long[] protection() {
    return protection.clone();
  }

  /** Number of protection entries (MAX_NR_ZONES of the kernel), 0 when unknown. */
  public int protectionLength() {
    return protection.length;
  }

  /** lowmem_reserve entry for requests whose highest zone index is {@code classZoneIndex}. */
  public long protectionFor(int classZoneIndex) {
    return classZoneIndex >= 0 && classZoneIndex < protection.length ? protection[classZoneIndex] : 0;
  }

  /** Free blocks per order (index = order), or null when the source had no buddy counts. */
  public long[] freeBlocks() {
    return freeBlocks == null ? null : freeBlocks.clone();
  }

  public boolean hasFreeBlocks() {
    return freeBlocks != null;
  }

  /** Number of orders known (0 when no buddy counts). */
  public int orders() {
    return freeBlocks == null ? 0 : freeBlocks.length;
  }

  /** Free blocks at one order; 0 past the last known order. */
  public long freeBlocksAt(int order) {
    return freeBlocks != null && order >= 0 && order < freeBlocks.length ? freeBlocks[order] : 0;
  }

  /**
   * Migratetype letters per order as printed in 3.8+ dumps ({@code "UEM"}), null when not printed;
   * entries are empty strings for orders with no free block.
   */
  public String[] blockTypes() {
    return blockTypes == null ? null : blockTypes.clone();
  }

  /** Migratetype letters at one order without copying; null when not printed or past the end. */
  public String blockTypeAt(int order) {
    return blockTypes != null && order >= 0 && order < blockTypes.length ? blockTypes[order] : null;
  }

  /** {@link #freeCma()} or {@code absent} when the source did not have it (no boxing). */
  public long freeCmaOr(long absent) {
    return freeCma == ABSENT ? absent : freeCma;
  }

  /** {@link #reservedHighatomic()} or {@code absent} when the source did not have it. */
  public long reservedHighatomicOr(long absent) {
    return reservedHighatomic == ABSENT ? absent : reservedHighatomic;
  }

  /** Per-migratetype free blocks per order from /proc/pagetypeinfo, or null. */
  public Map<String, long[]> freeBlocksByType() {
    return freeBlocksByType;
  }

  /** {@code Node 0 Normal} or {@code Normal} when no node is known. */
  public String label() {
    return node == null ? name : "Node " + node + " " + name;
  }

  public long bytes(long pages) {
    return pages * pageSize;
  }

  private static OptionalLong opt(long v) {
    return v == ABSENT ? OptionalLong.empty() : OptionalLong.of(v);
  }

  @Override
  public String toString() {
    return label()
        + " free="
        + free
        + " min="
        + min
        + " low="
        + low
        + " high="
        + high
        + " protection="
        + Arrays.toString(protection)
        + " blocks="
        + Arrays.toString(freeBlocks);
  }

  /** Mutable builder; one per zone. */
  public static final class Builder {
    private Integer node;
    private final String name;
    private int zoneIndex = -1;
    private int pageSize = 4096;
    private long free;
    private long min;
    private long low;
    private long high;
    private long boost = ABSENT;
    private long promo = ABSENT;
    private long managed = ABSENT;
    private long present = ABSENT;
    private long spanned = ABSENT;
    private long freeCma = ABSENT;
    private long reservedHighatomic = ABSENT;
    private long[] protection;
    private long[] freeBlocks;
    private String[] blockTypes;
    private Map<String, long[]> freeBlocksByType;

    private Builder(String name) {
      this.name = name;
    }

    public Builder node(Integer node) {
      this.node = node;
      return this;
    }

    public Builder zoneIndex(int zoneIndex) {
      this.zoneIndex = zoneIndex;
      return this;
    }

    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    public Builder free(long pages) {
      this.free = pages;
      return this;
    }

    public Builder min(long pages) {
      this.min = pages;
      return this;
    }

    public Builder low(long pages) {
      this.low = pages;
      return this;
    }

    public Builder high(long pages) {
      this.high = pages;
      return this;
    }

    public Builder boost(long pages) {
      this.boost = pages;
      return this;
    }

    public Builder promo(long pages) {
      this.promo = pages;
      return this;
    }

    public Builder managed(long pages) {
      this.managed = pages;
      return this;
    }

    public Builder present(long pages) {
      this.present = pages;
      return this;
    }

    public Builder spanned(long pages) {
      this.spanned = pages;
      return this;
    }

    public Builder freeCma(long pages) {
      this.freeCma = pages;
      return this;
    }

    public Builder reservedHighatomic(long pages) {
      this.reservedHighatomic = pages;
      return this;
    }

    public Builder protection(long[] pages) {
      this.protection = pages;
      return this;
    }

    public Builder freeBlocks(long[] blocksPerOrder) {
      this.freeBlocks = blocksPerOrder;
      return this;
    }

    public Builder blockTypes(String[] lettersPerOrder) {
      this.blockTypes = lettersPerOrder;
      return this;
    }

    public Builder freeBlocksByType(Map<String, long[]> byType) {
      this.freeBlocksByType = byType;
      return this;
    }

    public ZoneState build() {
      return new ZoneState(this);
    }
  }
}
