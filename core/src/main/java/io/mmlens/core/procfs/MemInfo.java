package io.mmlens.core.procfs;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Decoded /proc/meminfo. Values are as printed: kB for most keys, plain counts for {@code
 * HugePages_Total/Free/Rsvd/Surp}.
 */
public final class MemInfo {

  private final Counters counters;

  public MemInfo(Counters counters) {
    this.counters = counters;
  }

  public Counters counters() {
    return counters;
  }

  public OptionalLong get(String key) {
    return counters.get(key);
  }

  public OptionalLong memTotalKb() {
    return counters.get("MemTotal");
  }

  public OptionalLong memFreeKb() {
    return counters.get("MemFree");
  }

  /** MemAvailable (3.14+). */
  public OptionalLong memAvailableKb() {
    return counters.get("MemAvailable");
  }

  public Map<String, Object> toMap() {
    return counters.toMap();
  }
}
