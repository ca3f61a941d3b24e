package io.mmlens.core.procfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The /proc/sys/vm tunables that set watermarks and compaction behaviour. */
public final class SysVm {

  private final OptionalLong minFreeKbytes;
  private final OptionalLong watermarkScaleFactor;
  private final long[] lowmemReserveRatio;
  private final OptionalLong extfragThreshold;

  public SysVm(OptionalLong minFreeKbytes, OptionalLong watermarkScaleFactor, long[] lowmemReserveRatio,
      OptionalLong extfragThreshold) {
    this.minFreeKbytes = minFreeKbytes;
    this.watermarkScaleFactor = watermarkScaleFactor;
    this.lowmemReserveRatio = lowmemReserveRatio == null ? null : lowmemReserveRatio.clone();
    this.extfragThreshold = extfragThreshold;
  }

  public OptionalLong minFreeKbytes() {
    return minFreeKbytes;
  }

  /** Distance between watermarks in 1/10000 of managed pages (4.6+); empty on older kernels. */
  public OptionalLong watermarkScaleFactor() {
    return watermarkScaleFactor;
  }

  /** One ratio per zone index; null when absent. */
  public long[] lowmemReserveRatio() {
    return lowmemReserveRatio == null ? null : lowmemReserveRatio.clone();
  }

  public OptionalLong extfragThreshold() {
    return extfragThreshold;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    VmStat.put(m, "min_free_kbytes", minFreeKbytes);
    VmStat.put(m, "watermark_scale_factor", watermarkScaleFactor);
    if (lowmemReserveRatio == null) {
      m.put("lowmem_reserve_ratio", null);
    } else {
      List<Object> l = new ArrayList<>(lowmemReserveRatio.length);
      for (long v : lowmemReserveRatio) {
        l.add(v);
      }
      m.put("lowmem_reserve_ratio", l);
    }
    VmStat.put(m, "extfrag_threshold", extfragThreshold);
    return m;
  }
}
