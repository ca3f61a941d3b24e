package io.mmlens.core.procfs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The memory cgroup's usage, limit and OOM counters, from v1 ({@code memory.usage_in_bytes},
 * {@code memory.limit_in_bytes}, {@code memory.failcnt}, {@code memory.oom_control}) or v2 ({@code
 * memory.current}, {@code memory.max}, {@code memory.events}) files.
 */
public final class CgroupMemory {

  /** v1 prints PAGE_COUNTER_MAX rounded to pages (9223372036854771712) for "no limit". */
  private static final long V1_UNLIMITED_FLOOR = Long.MAX_VALUE - (1L << 30);

  private final CgroupLocation location;
  private final OptionalLong usageBytes;
  private final OptionalLong limitBytes;
  private final OptionalLong failcnt;
  private final Counters events;

  public CgroupMemory(CgroupLocation location, OptionalLong usageBytes, OptionalLong limitBytes,
      OptionalLong failcnt, Counters events) {
    this.location = location;
    this.usageBytes = usageBytes;
    this.limitBytes = limitBytes;
    this.failcnt = failcnt;
    this.events = events;
  }

  public CgroupLocation location() {
    return location;
  }

  public OptionalLong usageBytes() {
    return usageBytes;
  }

  /** Limit as printed; {@code max} (v2) decodes to {@link Long#MAX_VALUE}. */
  public OptionalLong limitBytes() {
    return limitBytes;
  }

  /** True when the limit is "max" (v2) or the v1 no-limit value. */
  public boolean unlimited() {
    return limitBytes.isPresent() && limitBytes.getAsLong() >= V1_UNLIMITED_FLOOR;
  }

  /** v1 {@code memory.failcnt} (times usage hit the limit); empty on v2. */
  public OptionalLong failcnt() {
    return failcnt;
  }

  /** v2 {@code memory.events} (low, high, max, oom, oom_kill, ...) or v1 {@code memory.oom_control}. */
  public Counters events() {
    return events;
  }

  /** OOM kills in this cgroup ({@code oom_kill} of either file; v1 has it since 4.13). */
  public OptionalLong oomKill() {
    return events.get("oom_kill");
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.putAll(location.toMap());
    VmStat.put(m, "usage_bytes", usageBytes);
    VmStat.put(m, "limit_bytes", unlimited() ? OptionalLong.empty() : limitBytes);
    m.put("unlimited", unlimited());
    VmStat.put(m, "failcnt", failcnt);
    m.put("events", events.toMap());
    return m;
  }
}
