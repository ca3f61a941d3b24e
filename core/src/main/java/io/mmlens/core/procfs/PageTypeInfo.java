package io.mmlens.core.procfs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoded /proc/pagetypeinfo: free blocks per order per migratetype, and pageblocks per
 * migratetype ("Number of blocks type"). Since 5.4 the kernel stops counting at 100000 and prints
 * {@code >100000}; such counts are kept as 100000 and flagged in {@link FreeRow#capped(int)}.
 */
public final class PageTypeInfo {

  /** One {@code Node N, zone Z, type T} row of free block counts per order. */
  public static final class FreeRow {
    private final int node;
    private final String zone;
    private final String type;
    private final long[] counts;
    private final long cappedMask;

    FreeRow(int node, String zone, String type, long[] counts, long cappedMask) {
      this.node = node;
      this.zone = zone;
      this.type = type;
      this.counts = counts;
      this.cappedMask = cappedMask;
    }

    public int node() {
      return node;
    }

    public String zone() {
      return zone;
    }

    /** Migratetype name (Unmovable, Movable, Reclaimable, HighAtomic, CMA, Isolate, Reserve). */
    public String type() {
      return type;
    }

    public long[] counts() {
      return counts.clone();
    }

    /** True when the kernel printed {@code >N} (a lower bound) for this order. */
    public boolean capped(int order) {
      return order < 64 && (cappedMask >>> order & 1) != 0;
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", node);
      m.put("zone", zone);
      m.put("type", type);
      m.put("free_blocks", list(counts));
      List<Object> c = new ArrayList<>();
      for (int o = 0; o < counts.length; o++) {
        if (capped(o)) {
          c.add(o);
        }
      }
      m.put("capped_orders", c);
      return m;
    }
  }

  /** One row of the "Number of blocks type" (or mixed blocks) table. */
  public static final class BlockRow {
    private final int node;
    private final String zone;
    private final long[] counts;

    BlockRow(int node, String zone, long[] counts) {
      this.node = node;
      this.zone = zone;
      this.counts = counts;
    }

    public int node() {
      return node;
    }

    public String zone() {
      return zone;
    }

    /** Pageblocks per type, in the order of {@link PageTypeInfo#blockTypes()}. */
    public long[] counts() {
      return counts.clone();
    }

    public Map<String, Object> toMap(List<String> types) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", node);
      m.put("zone", zone);
      Map<String, Object> byType = new LinkedHashMap<>();
      for (int i = 0; i < counts.length && i < types.size(); i++) {
        byType.put(types.get(i), counts[i]);
      }
      m.put("blocks", byType);
      return m;
    }
  }

  private final int pageBlockOrder;
  private final long pagesPerBlock;
  private final List<FreeRow> free;
  private final List<String> blockTypes;
  private final List<BlockRow> blocks;
  private final List<BlockRow> mixedBlocks;

  PageTypeInfo(int pageBlockOrder, long pagesPerBlock, List<FreeRow> free, List<String> blockTypes,
      List<BlockRow> blocks, List<BlockRow> mixedBlocks) {
    this.pageBlockOrder = pageBlockOrder;
    this.pagesPerBlock = pagesPerBlock;
    this.free = Collections.unmodifiableList(free);
    this.blockTypes = Collections.unmodifiableList(blockTypes);
    this.blocks = Collections.unmodifiableList(blocks);
    this.mixedBlocks = Collections.unmodifiableList(mixedBlocks);
  }

  /** {@code Page block order}, -1 when not printed. */
  public int pageBlockOrder() {
    return pageBlockOrder;
  }

  /** {@code Pages per block}, -1 when not printed. */
  public long pagesPerBlock() {
    return pagesPerBlock;
  }

  public List<FreeRow> free() {
    return free;
  }

  public List<String> blockTypes() {
    return blockTypes;
  }

  public List<BlockRow> blocks() {
    return blocks;
  }

  /** "Number of mixed blocks" (CONFIG_PAGE_OWNER), empty when absent. */
  public List<BlockRow> mixedBlocks() {
    return mixedBlocks;
  }

  /** Free blocks per order keyed by migratetype for one zone; empty map when the zone is absent. */
  public Map<String, long[]> freeByType(int node, String zone) {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (FreeRow r : free) {
      if (r.node == node && r.zone.equals(zone)) {
        m.put(r.type, r.counts.clone());
      }
    }
    return m;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("page_block_order", pageBlockOrder);
    m.put("pages_per_block", pagesPerBlock);
    List<Object> f = new ArrayList<>(free.size());
    for (FreeRow r : free) {
      f.add(r.toMap());
    }
    m.put("free", f);
    List<Object> b = new ArrayList<>(blocks.size());
    for (BlockRow r : blocks) {
      b.add(r.toMap(blockTypes));
    }
    m.put("blocks", b);
    List<Object> x = new ArrayList<>(mixedBlocks.size());
    for (BlockRow r : mixedBlocks) {
      x.add(r.toMap(blockTypes));
    }
    m.put("mixed_blocks", x);
    return m;
  }

  static List<Object> list(long[] a) {
    List<Object> l = new ArrayList<>(a.length);
    for (long v : a) {
      l.add(v);
    }
    return l;
  }
}
