package io.mmlens.core.procfs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decoded /proc/vmstat: every key as printed, plus reclaim/compaction/OOM accessors that bridge
 * the 4.8 renames (per-zone {@code pgscan_kswapd_normal} → node-wide {@code pgscan_kswapd}, single
 * {@code allocstall} → per-zone {@code allocstall_*}). An accessor is empty when the kernel does not
 * print the counter, never 0.
 */
public final class VmStat {

  private static final String[] ZONE_SUFFIXES = {
    "dma", "dma32", "normal", "high", "highmem", "movable", "device"
  };

  private final Counters counters;

  public VmStat(Counters counters) {
    this.counters = counters;
  }

  public Counters counters() {
    return counters;
  }

  public OptionalLong get(String key) {
    return counters.get(key);
  }

  public OptionalLong kswapdScanned() {
    return keyOrZoneSum("pgscan_kswapd");
  }

  public OptionalLong kswapdReclaimed() {
    return keyOrZoneSum("pgsteal_kswapd");
  }

  public OptionalLong directScanned() {
    return keyOrZoneSum("pgscan_direct");
  }

  public OptionalLong directReclaimed() {
    return keyOrZoneSum("pgsteal_direct");
  }

  /** Direct-reclaim entries: {@code allocstall} (≤4.7) or the sum of {@code allocstall_<zone>}. */
  public OptionalLong allocstall() {
    return keyOrZoneSum("allocstall");
  }

  public OptionalLong compactStall() {
    return counters.get("compact_stall");
  }

  public OptionalLong compactFail() {
    return counters.get("compact_fail");
  }

  public OptionalLong compactSuccess() {
    return counters.get("compact_success");
  }

  /** OOM kills (4.13+). */
  public OptionalLong oomKill() {
    return counters.get("oom_kill");
  }

  private OptionalLong keyOrZoneSum(String key) {
    OptionalLong direct = counters.get(key);
    if (direct.isPresent()) {
      return direct;
    }
    long sum = 0;
    boolean any = false;
    int n = counters.size();
    for (int i = 0; i < n; i++) {
      String name = counters.nameAt(i);
      if (name.length() > key.length() + 1 && name.startsWith(key) && name.charAt(key.length()) == '_') {
        String suffix = name.substring(key.length() + 1);
        for (String z : ZONE_SUFFIXES) {
          if (z.equals(suffix)) {
            sum += counters.valueAt(i);
            any = true;
            break;
          }
        }
      }
    }
    return any ? OptionalLong.of(sum) : OptionalLong.empty();
  }

  /** Typed reclaim summary (null for absent) followed by every key under {@code counters}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "kswapd_scanned", kswapdScanned());
    put(m, "kswapd_reclaimed", kswapdReclaimed());
    put(m, "direct_scanned", directScanned());
    put(m, "direct_reclaimed", directReclaimed());
    put(m, "allocstall", allocstall());
    put(m, "compact_stall", compactStall());
    put(m, "compact_fail", compactFail());
    put(m, "compact_success", compactSuccess());
    put(m, "oom_kill", oomKill());
    m.put("counters", counters.toMap());
    return m;
  }

  static void put(Map<String, Object> m, String k, OptionalLong v) {
    m.put(k, v.isPresent() ? (Object) v.getAsLong() : null);
  }
}
