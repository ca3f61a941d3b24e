package io.mmlens.core.snapshot;

import io.mmlens.core.KernelRelease;
import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import io.mmlens.core.procfs.BuddyInfo;
import io.mmlens.core.procfs.BuddyInfoParser;
import io.mmlens.core.procfs.CgroupLocation;
import io.mmlens.core.procfs.CgroupLocator;
import io.mmlens.core.procfs.CgroupMemory;
import io.mmlens.core.procfs.CgroupMemoryReader;
import io.mmlens.core.procfs.MemInfo;
import io.mmlens.core.procfs.MemInfoParser;
import io.mmlens.core.procfs.NumbersParser;
import io.mmlens.core.procfs.PageTypeInfo;
import io.mmlens.core.procfs.PageTypeInfoParser;
import io.mmlens.core.procfs.Pressure;
import io.mmlens.core.procfs.PressureParser;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.procfs.SysVm;
import io.mmlens.core.procfs.VmStat;
import io.mmlens.core.procfs.VmStatParser;
import io.mmlens.core.procfs.ZoneInfo;
import io.mmlens.core.procfs.ZoneInfoParser;
import io.mmlens.core.zone.WatermarkAlgorithm;
import io.mmlens.core.zone.ZoneAnalysis;
import io.mmlens.core.zone.ZoneState;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a {@link MemorySnapshot} from a {@link ProcFs} root. Options: page size (default 4096),
 * kernel release override, pagetypeinfo (off by default: root-only, and reading it holds each
 * zone's lock while the kernel walks the free lists), cgroup (on by default).
 */
public final class SnapshotReader {

  public static final String BUDDYINFO = "/proc/buddyinfo";
  public static final String ZONEINFO = "/proc/zoneinfo";
  public static final String PAGETYPEINFO = "/proc/pagetypeinfo";
  public static final String VMSTAT = "/proc/vmstat";
  public static final String MEMINFO = "/proc/meminfo";
  public static final String PRESSURE = "/proc/pressure/memory";
  public static final String OSRELEASE = "/proc/sys/kernel/osrelease";
  public static final String SYS_VM = "/proc/sys/vm/";

  private final ProcFs fs;
  private int pageSize = 4096;
  private String releaseOverride;
  private boolean includePagetypeinfo;
  private boolean includeCgroup = true;
  private boolean includeMemInfo = true;
  private boolean includeSysctl = true;
  private volatile CgroupLocation cgroupLocation;
  private volatile String osrelease;

  public SnapshotReader(ProcFs fs) {
    this.fs = fs;
  }

  /** Page size in bytes of the kernel that produced the files (4096, 16384, 65536). */
  public SnapshotReader pageSize(int bytes) {
    if (bytes <= 0 || Integer.bitCount(bytes) != 1) {
      throw new IllegalArgumentException("page size must be a power of two, got " + bytes);
    }
    this.pageSize = bytes;
    return this;
  }

  /** Use this release instead of /proc/sys/kernel/osrelease (e.g. for a copied tree). */
  public SnapshotReader release(String release) {
    this.releaseOverride = release;
    return this;
  }

  public SnapshotReader includePagetypeinfo(boolean on) {
    this.includePagetypeinfo = on;
    return this;
  }

  public SnapshotReader includeCgroup(boolean on) {
    this.includeCgroup = on;
    return this;
  }

  /**
   * Whether to read /proc/meminfo (on by default). The metrics exporter turns it off: none of its
   * instruments comes from it, and one file less per collection is CPU the host keeps.
   */
  public SnapshotReader includeMemInfo(boolean on) {
    this.includeMemInfo = on;
    return this;
  }

  /**
   * Whether to read the four /proc/sys/vm settings (on by default; the snapshot JSON shows them).
   * Off for the metrics exporter, which exports none of them: four file reads less per collection.
   */
  public SnapshotReader includeSysctl(boolean on) {
    this.includeSysctl = on;
    return this;
  }

  /** Reads and decodes everything; never throws for missing or bad files. */
  public MemorySnapshot read() {
    Builder b = new Builder();
    b.captureTimeMillis = System.currentTimeMillis();
    b.root = fs.root().toString();
    b.pageSize = pageSize;
    List<Problem> p = b.problems;

    String rel = releaseOverride != null ? releaseOverride : osrelease;
    if (rel == null) {
      Parsed<String> r = fs.read(OSRELEASE);
      p.addAll(r.problems());
      rel = r.ok() ? r.value().trim() : null;
      // The running kernel cannot change without a reboot: read it once per reader.
      osrelease = r.ok() ? rel : null;
    }
    b.releaseText = rel == null || rel.isEmpty() ? null : rel;
    b.release = KernelRelease.parse(b.releaseText);
    if (b.releaseText != null && b.release == null) {
      p.add(new Problem(releaseOverride != null ? "release" : OSRELEASE, 0, Problem.Kind.MALFORMED,
          "not a kernel release: '" + b.releaseText + "'"));
    }
    b.algorithm = WatermarkAlgorithm.forRelease(b.release);

    b.zoneInfo = decode(ZONEINFO, p, ZoneInfoParser::parse);
    b.buddyInfo = decode(BUDDYINFO, p, BuddyInfoParser::parse);
    if (includePagetypeinfo) {
      b.pageTypeInfo = decode(PAGETYPEINFO, p, PageTypeInfoParser::parse);
    }
    b.vmStat = decode(VMSTAT, p, VmStatParser::parse);
    if (includeMemInfo) {
      b.memInfo = decode(MEMINFO, p, MemInfoParser::parse);
    }
    b.pressure = decode(PRESSURE, p, PressureParser::parse);
    if (includeSysctl) {
      b.sysVm =
          new SysVm(
              one("min_free_kbytes", p),
              one("watermark_scale_factor", p),
              numbers("lowmem_reserve_ratio", p),
              one("extfrag_threshold", p));
    }
    if (includeCgroup) {
      readCgroup(b);
    }
    ZoneStates.build(b);
    return new MemorySnapshot(b);
  }

  /**
   * Locating the cgroup reads /proc/self/mountinfo, which the kernel regenerates at some cost, so
   * a found location is reused; it is looked up again when its files stop being readable (the
   * process moved to another cgroup).
   */
  private void readCgroup(Builder b) {
    CgroupLocation loc = cgroupLocation;
    if (loc != null) {
      Parsed<CgroupMemory> cg = CgroupMemoryReader.read(fs, loc);
      if (cg.ok()) {
        b.cgroup = cg.value();
        return;
      }
    }
    Parsed<CgroupLocation> found = CgroupLocator.locate(fs);
    b.problems.addAll(found.problems());
    if (found.value().version() == 0) {
      cgroupLocation = null;
      return;
    }
    cgroupLocation = found.value();
    Parsed<CgroupMemory> cg = CgroupMemoryReader.read(fs, cgroupLocation);
    b.problems.addAll(cg.problems());
    b.cgroup = cg.value();
  }

  /** A parser of one file format. */
  private interface Decoder<T> {
    Parsed<T> parse(CharSequence text, String source);
  }

  private <T> T decode(String path, List<Problem> p, Decoder<T> d) {
    Parsed<String> text = fs.read(path);
    p.addAll(text.problems());
    if (text.value().isEmpty() && !text.ok()) {
      return null;
    }
    Parsed<T> r = d.parse(text.value(), path);
    p.addAll(r.problems());
    return r.value();
  }

  private long[] numbers(String name, List<Problem> p) {
    Parsed<String> text = fs.read(SYS_VM + name);
    p.addAll(text.problems());
    if (!text.ok()) {
      return null;
    }
    Parsed<long[]> r = NumbersParser.parse(text.value(), SYS_VM + name);
    p.addAll(r.problems());
    return r.value();
  }

  private OptionalLong one(String name, List<Problem> p) {
    long[] v = numbers(name, p);
    return v == null || v.length == 0 ? OptionalLong.empty() : OptionalLong.of(v[0]);
  }

  /** Mutable state while a snapshot is assembled. */
  static final class Builder {
    long captureTimeMillis;
    String root;
    String releaseText;
    KernelRelease release;
    WatermarkAlgorithm algorithm;
    int pageSize;
    final List<ZoneState> zones = new ArrayList<>(8);
    final List<ZoneAnalysis> analyses = new ArrayList<>(8);
    ZoneInfo zoneInfo;
    BuddyInfo buddyInfo;
    PageTypeInfo pageTypeInfo;
    VmStat vmStat;
    MemInfo memInfo;
    Pressure pressure;
    SysVm sysVm;
    CgroupMemory cgroup;
    final List<Problem> problems = new ArrayList<>(4);
  }
}
