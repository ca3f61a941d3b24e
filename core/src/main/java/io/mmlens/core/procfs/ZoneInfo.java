package io.mmlens.core.procfs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decoded /proc/zoneinfo: every zone (populated or not) in file order, with its watermark header,
 * protection (lowmem_reserve), zone items and trailer; 4.8+ per-node stats are kept per node, not
 * attached to whichever zone happened to print them.
 */
public final class ZoneInfo {

  /** One {@code Node N, zone NAME} block. Values are pages unless the kernel says otherwise. */
  public static final class Zone {
    private final int node;
    private final String name;
    private final int indexInNode;
    private final Counters header;
    private final long[] protection;
    private final Counters items;
    private final Counters trailer;

    Zone(int node, String name, int indexInNode, Counters header, long[] protection, Counters items,
        Counters trailer) {
      this.node = node;
      this.name = name;
      this.indexInNode = indexInNode;
      this.header = header;
      this.protection = protection;
      this.items = items;
      this.trailer = trailer;
    }

    public int node() {
      return node;
    }

    public String name() {
      return name;
    }

    /** Position in its node's listing (counting unpopulated zones): the kernel's zone index. */
    public int indexInNode() {
      return indexInNode;
    }

    /** {@code pages free} (0 when absent, which is reported as a problem). */
    public long free() {
      return header.getOr("free", 0);
    }

    public long min() {
      return header.getOr("min", 0);
    }

    public long low() {
      return header.getOr("low", 0);
    }

    public long high() {
      return header.getOr("high", 0);
    }

    /** watermark_boost (5.x+). */
    public OptionalLong boost() {
      return header.get("boost");
    }

    /** promo watermark (6.x memory tiering). */
    public OptionalLong promo() {
      return header.get("promo");
    }

    public OptionalLong spanned() {
      return header.get("spanned");
    }

    public OptionalLong present() {
      return header.get("present");
    }

    /** managed (3.8+). */
    public OptionalLong managed() {
      return header.get("managed");
    }

    /** cma header line (5.x+). */
    public OptionalLong cma() {
      return header.get("cma");
    }

    /** Header lines as printed: free, boost, min, low, high, promo, scanned, node_scanned, ... */
    public Counters header() {
      return header;
    }

    /** lowmem_reserve in pages, one entry per zone index; empty when not printed. */
    public long[] protection() {
      return protection.clone();
    }

    /** Zone vmstat and NUMA items ({@code nr_free_pages}, {@code nr_free_cma}, {@code numa_hit}). */
    public Counters items() {
      return items;
    }

    /**
     * Trailer: {@code node_unreclaimable} (4.8+) or {@code all_unreclaimable} (older), {@code
     * start_pfn}, {@code prev_priority} (≤2.6.35), {@code inactive_ratio}, {@code
     * node_inactive_ratio}.
     */
    public Counters trailer() {
      return trailer;
    }

    /** A zone with no pages (4.13+ print only header and protection for those). */
    public boolean populated() {
      return header.getOr("present", 1) > 0 || header.getOr("managed", 0) > 0;
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", node);
      m.put("zone", name);
      m.put("zone_index", indexInNode);
      m.put("populated", populated());
      m.put("header", header.toMap());
      List<Object> p = new ArrayList<>(protection.length);
      for (long v : protection) {
        p.add(v);
      }
      m.put("protection", p);
      m.put("items", items.toMap());
      m.put("trailer", trailer.toMap());
      return m;
    }
  }

  private final List<Zone> zones;
  private final Map<Integer, Counters> nodeStats;

  ZoneInfo(List<Zone> zones, Map<Integer, Counters> nodeStats) {
    this.zones = Collections.unmodifiableList(zones);
    this.nodeStats = Collections.unmodifiableMap(nodeStats);
  }

  /** All zones in file order, unpopulated ones included. */
  public List<Zone> zones() {
    return zones;
  }

  /** 4.8+ {@code per-node stats} by node; empty on older kernels. */
  public Map<Integer, Counters> nodeStats() {
    return nodeStats;
  }

  public Zone find(int node, String name) {
    for (Zone z : zones) {
      if (z.node == node && z.name.equals(name)) {
        return z;
      }
    }
    return null;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> ns = new LinkedHashMap<>();
    for (Map.Entry<Integer, Counters> e : nodeStats.entrySet()) {
      ns.put(String.valueOf(e.getKey()), e.getValue().toMap());
    }
    m.put("node_stats", ns);
    List<Object> l = new ArrayList<>(zones.size());
    for (Zone z : zones) {
      l.add(z.toMap());
    }
    m.put("zones", l);
    return m;
  }
}
