package io.mmlens.core.snapshot;

import io.mmlens.core.KernelRelease;
import io.mmlens.core.Problem;
import io.mmlens.core.procfs.BuddyInfo;
import io.mmlens.core.procfs.CgroupMemory;
import io.mmlens.core.procfs.MemInfo;
import io.mmlens.core.procfs.PageTypeInfo;
import io.mmlens.core.procfs.Pressure;
import io.mmlens.core.procfs.SysVm;
import io.mmlens.core.procfs.VmStat;
import io.mmlens.core.procfs.ZoneInfo;
import io.mmlens.core.zone.WatermarkAlgorithm;
import io.mmlens.core.zone.ZoneAnalysis;
import io.mmlens.core.zone.ZoneState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable reading of the machine's memory-management state: zones with their analysis,
 * the raw decoded files, and what could not be read and why. Fields for files that were missing
 * are null and the reason is in {@link #problems()}.
 */
public final class MemorySnapshot {

  private final long captureTimeMillis;
  private final String root;
  private final String releaseText;
  private final KernelRelease release;
  private final WatermarkAlgorithm algorithm;
  private final int pageSize;
  private final List<ZoneState> zones;
  private final List<ZoneAnalysis> analyses;
  private final ZoneInfo zoneInfo;
  private final BuddyInfo buddyInfo;
  private final PageTypeInfo pageTypeInfo;
  private final VmStat vmStat;
  private final MemInfo memInfo;
  private final Pressure pressure;
  private final SysVm sysVm;
  private final CgroupMemory cgroup;
  private final List<Problem> problems;

  MemorySnapshot(SnapshotReader.Builder b) {
    this.captureTimeMillis = b.captureTimeMillis;
    this.root = b.root;
    this.releaseText = b.releaseText;
    this.release = b.release;
    this.algorithm = b.algorithm;
    this.pageSize = b.pageSize;
    this.zones = Collections.unmodifiableList(b.zones);
    this.analyses = Collections.unmodifiableList(b.analyses);
    this.zoneInfo = b.zoneInfo;
    this.buddyInfo = b.buddyInfo;
    this.pageTypeInfo = b.pageTypeInfo;
    this.vmStat = b.vmStat;
    this.memInfo = b.memInfo;
    this.pressure = b.pressure;
    this.sysVm = b.sysVm;
    this.cgroup = b.cgroup;
    this.problems = Collections.unmodifiableList(b.problems);
  }

  /** Wall-clock time the reading started, epoch milliseconds. */
  public long captureTimeMillis() {
    return captureTimeMillis;
  }

  /** The ProcFs root read ({@code /} live). */
  public String root() {
    return root;
  }

  /** Release string as read from /proc/sys/kernel/osrelease or given; null when unknown. */
  public String releaseText() {
    return releaseText;
  }

  /** Parsed release, null when unknown. */
  public KernelRelease release() {
    return release;
  }

  public WatermarkAlgorithm algorithm() {
    return algorithm;
  }

  public int pageSize() {
    return pageSize;
  }

  /** Every zone listed in /proc/zoneinfo (unpopulated ones too), in file order. */
  public List<ZoneState> zones() {
    return zones;
  }

  /** Analysis of each zone, same order as {@link #zones()}. */
  public List<ZoneAnalysis> analyses() {
    return analyses;
  }

  public ZoneInfo zoneInfo() {
    return zoneInfo;
  }

  public BuddyInfo buddyInfo() {
    return buddyInfo;
  }

  /** Null unless pagetypeinfo was requested and readable. */
  public PageTypeInfo pageTypeInfo() {
    return pageTypeInfo;
  }

  public VmStat vmStat() {
    return vmStat;
  }

  public MemInfo memInfo() {
    return memInfo;
  }

  /** Null on kernels without PSI (pre-4.20 or CONFIG_PSI=n). */
  public Pressure pressure() {
    return pressure;
  }

  public SysVm sysVm() {
    return sysVm;
  }

  /** Null when no memory cgroup was found. */
  public CgroupMemory cgroup() {
    return cgroup;
  }

  /** What the snapshot lacks and why (missing files, malformed lines). */
  public List<Problem> problems() {
    return problems;
  }

  /** JSON tree; field names in docs/fields.md (Snapshot). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("capture_time", Instant.ofEpochMilli(captureTimeMillis).toString());
    m.put("root", root);
    m.put("kernel_release", releaseText);
    m.put("page_size", pageSize);
    m.put("watermark_algorithm", algorithm.key());
    List<Object> zl = new ArrayList<>(zones.size());
    for (int i = 0; i < zones.size(); i++) {
      zl.add(zoneMap(zones.get(i), analyses.get(i)));
    }
    m.put("zones", zl);
    m.put("node_stats", zoneInfo == null ? null : zoneInfo.toMap().get("node_stats"));
    m.put("vmstat", vmStat == null ? null : vmStat.toMap());
    m.put("meminfo", memInfo == null ? null : memInfo.toMap());
    m.put("pressure", pressure == null ? null : pressure.toMap());
    m.put("sysctl_vm", sysVm == null ? null : sysVm.toMap());
    m.put("cgroup", cgroup == null ? null : cgroup.toMap());
    m.put("pagetypeinfo", pageTypeInfo == null ? null : pageTypeInfo.toMap());
    List<Object> errs = new ArrayList<>(problems.size());
    for (Problem p : problems) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("source", p.source());
      e.put("line", p.line());
      e.put("kind", p.kind().label());
      e.put("message", p.message());
      errs.add(e);
    }
    m.put("errors", errs);
    return m;
  }

  /** One zone: its state in pages and bytes, then the analysis fields. */
  static Map<String, Object> zoneMap(ZoneState z, ZoneAnalysis a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", z.node());
    m.put("name", z.name());
    m.put("zone_index", z.zoneIndex());
    m.put("free_pages", z.free());
    m.put("min_pages", z.min());
    m.put("low_pages", z.low());
    m.put("high_pages", z.high());
    m.put("free_bytes", z.bytes(z.free()));
    m.put("min_bytes", z.bytes(z.min()));
    m.put("low_bytes", z.bytes(z.low()));
    m.put("high_bytes", z.bytes(z.high()));
    m.put("boost_pages", z.boost().isPresent() ? (Object) z.boost().getAsLong() : null);
    m.put("promo_pages", z.promo().isPresent() ? (Object) z.promo().getAsLong() : null);
    m.put("managed_pages", z.managed().isPresent() ? (Object) z.managed().getAsLong() : null);
    m.put("present_pages", z.present().isPresent() ? (Object) z.present().getAsLong() : null);
    m.put("spanned_pages", z.spanned().isPresent() ? (Object) z.spanned().getAsLong() : null);
    m.put("free_cma_pages", z.freeCma().isPresent() ? (Object) z.freeCma().getAsLong() : null);
    List<Object> prot = new ArrayList<>(z.protectionLength());
    for (long v : z.protection()) {
      prot.add(v);
    }
    m.put("lowmem_reserve_pages", prot);
    long[] blocks = z.freeBlocks();
    if (blocks == null) {
      m.put("free_blocks", null);
    } else {
      List<Object> bl = new ArrayList<>(blocks.length);
      for (long v : blocks) {
        bl.add(v);
      }
      m.put("free_blocks", bl);
    }
    Map<String, long[]> byType = z.freeBlocksByType();
    if (byType != null) {
      Map<String, Object> bt = new LinkedHashMap<>();
      for (Map.Entry<String, long[]> e : byType.entrySet()) {
        List<Object> l = new ArrayList<>(e.getValue().length);
        for (long v : e.getValue()) {
          l.add(v);
        }
        bt.put(e.getKey(), l);
      }
      m.put("free_blocks_by_type", bt);
    }
    m.putAll(a.toMap());
    return m;
  }
}
