package io.mmlens.core.procfs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Decoded /proc/buddyinfo: free block counts per order for each populated zone. */
public final class BuddyInfo {

  /** One buddyinfo line. */
  public static final class Zone {
    private final int node;
    private final String zone;
    private final long[] counts;

    public Zone(int node, String zone, long[] counts) {
      this.node = node;
      this.zone = zone;
      this.counts = counts.clone();
    }

    public int node() {
      return node;
    }

    public String zone() {
      return zone;
    }

    /** Free blocks per order, index = order; as many orders as the kernel printed. */
    public long[] counts() {
      return counts.clone();
    }

    public int orders() {
      return counts.length;
    }

    public long countAt(int order) {
      return order < counts.length ? counts[order] : 0;
    }

    long[] countsShared() {
      return counts;
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", node);
      m.put("zone", zone);
      List<Object> c = new ArrayList<>(counts.length);
      for (long v : counts) {
        c.add(v);
      }
      m.put("free_blocks", c);
      return m;
    }
  }

  private final List<Zone> zones;

  public BuddyInfo(List<Zone> zones) {
    this.zones = Collections.unmodifiableList(new ArrayList<>(zones));
  }

  public List<Zone> zones() {
    return zones;
  }

  /** The line for node/zone, or null. */
  public Zone find(int node, String zone) {
    for (Zone z : zones) {
      if (z.node == node && z.zone.equals(zone)) {
        return z;
      }
    }
    return null;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Object> l = new ArrayList<>(zones.size());
    for (Zone z : zones) {
      l.add(z.toMap());
    }
    m.put("zones", l);
    return m;
  }
}
