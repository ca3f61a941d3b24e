package io.mmlens.core.diagnosis;

import io.mmlens.core.procfs.CgroupMemory;
import io.mmlens.core.procfs.ProcessLimits;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.zone.ZoneAnalysis;
import java.util.OptionalLong;

/**
 * Which limit a {@link JvmSymptom} ran into, from a snapshot taken right after it and the
 * process's own limits: a verdict code and one line with the numbers.
 */
public final class SymptomDiagnosis {

  /**
   * {@code address_space_limit}, {@code max_map_count}, {@code thread_limit},
   * {@code memcg_limit}, {@code commit_limit}, {@code direct_memory_limit},
   * {@code memory_exhaustion} or {@code not_kernel_memory}.
   */
  private final String verdict;
  private final String summary;

  private SymptomDiagnosis(String verdict, String summary) {
    this.verdict = verdict;
    this.summary = summary;
  }

  public String verdict() {
    return verdict;
  }

  /** One line: what failed, which limit, the numbers. */
  public String summary() {
    return summary;
  }

  /**
   * @param message the exception's message (the JDK 17+ direct-memory message names the cap)
   * @param s a snapshot taken right after the failure (may be null)
   * @param p the process's limits (may be null)
   */
  public static SymptomDiagnosis of(JvmSymptom symptom, String message, MemorySnapshot s,
      ProcessLimits p) {
    String what = symptom.what();
    long usage = -1;
    long limit = -1;
    CgroupMemory cg = s == null ? null : s.cgroup();
    if (cg != null && !cg.unlimited() && cg.limitBytes().isPresent()
        && cg.usageBytes().isPresent()) {
      usage = cg.usageBytes().getAsLong();
      limit = cg.limitBytes().getAsLong();
    }
    boolean cgroupFull = limit > 0 && usage >= limit / 100 * 95;
    boolean asFull = p != null && p.addressSpaceLimitBytes() > 0 && p.vmSizeKb() >= 0
        && p.vmSizeKb() * 1024 >= p.addressSpaceLimitBytes() / 10 * 9;
    boolean mapsFull = p != null && p.maxMapCount() > 0 && p.mapCount() >= p.maxMapCount() / 100 * 95;
    boolean threadsFull = p != null && p.maxProcesses() > 0 && p.threads() >= p.maxProcesses() / 100 * 95;
    // memInfo is null when /proc/meminfo was unreadable
    boolean mem = s != null && s.memInfo() != null;
    OptionalLong commitLimit = mem ? s.memInfo().get("CommitLimit") : OptionalLong.empty();
    OptionalLong committed = mem ? s.memInfo().get("Committed_AS") : OptionalLong.empty();
    boolean commitFull = p != null && p.overcommitMemory() == 2 && commitLimit.isPresent()
        && committed.isPresent() && committed.getAsLong() >= commitLimit.getAsLong() / 100 * 95;
    boolean zonesLow = s != null && allZonesAtMin(s);

    String memcg = what + ": the service's memory cgroup uses " + Sizes.bytes(usage) + " of its "
        + Sizes.bytes(limit) + " limit.";
    String zones = what + ": every zone is at or below its min watermark: the host is out of memory.";
    if (symptom == JvmSymptom.DIRECT_BUFFER_MEMORY) {
      if (cgroupFull) {
        return new SymptomDiagnosis("memcg_limit", memcg);
      }
      if (zonesLow) {
        return new SymptomDiagnosis("memory_exhaustion", zones);
      }
      String cap = directCap(message);
      return new SymptomDiagnosis("direct_memory_limit", what + ": the JVM's own direct-memory cap"
          + " (-XX:MaxDirectMemorySize" + (cap == null ? "" : ", " + cap) + ") is used up, not the"
          + " kernel's memory" + elsewhere(s, usage, limit) + ".");
    }
    if (mapsFull && symptom != JvmSymptom.FORK_ENOMEM) {
      return new SymptomDiagnosis("max_map_count", what + ": the process has " + p.mapCount()
          + " memory mappings of vm.max_map_count " + p.maxMapCount() + ".");
    }
    if (threadsFull && symptom == JvmSymptom.NATIVE_THREAD) {
      return new SymptomDiagnosis("thread_limit", what + ": the process has " + p.threads()
          + " threads of its " + p.maxProcesses() + " limit (ulimit -u).");
    }
    if (asFull) {
      return new SymptomDiagnosis("address_space_limit", what + ": the address-space limit"
          + " (ulimit -v) is " + Sizes.bytes(p.addressSpaceLimitBytes())
          + " and the process already maps " + Sizes.bytes(p.vmSizeKb() * 1024) + ".");
    }
    if (cgroupFull) {
      return new SymptomDiagnosis("memcg_limit", memcg);
    }
    if (commitFull) {
      return new SymptomDiagnosis("commit_limit", what + ": strict overcommit"
          + " (vm.overcommit_memory=2) has " + Sizes.bytes(committed.getAsLong() * 1024)
          + " committed of its " + Sizes.bytes(commitLimit.getAsLong() * 1024) + " CommitLimit.");
    }
    if (zonesLow) {
      return new SymptomDiagnosis("memory_exhaustion", zones);
    }
    String hint = symptom == JvmSymptom.NATIVE_THREAD
        ? "; look at thread limits (ulimit -u, pids.max, kernel.threads-max)"
        : "; look at the process's own limits (ulimit -v, vm.overcommit_memory, vm.max_map_count)";
    return new SymptomDiagnosis("not_kernel_memory", what + ": the kernel is not short of memory"
        + elsewhere(s, usage, limit) + hint + ".");
  }

  private static String elsewhere(MemorySnapshot s, long usage, long limit) {
    if (s == null) {
      return "";
    }
    long headroom = 0;
    for (ZoneAnalysis a : s.analyses()) {
      headroom += Math.max(0, a.headroomAboveMinBytes());
    }
    return " (" + Sizes.bytes(headroom) + " free above the zones' min watermarks"
        + (limit > 0 ? ", cgroup at " + Sizes.bytes(usage) + " of " + Sizes.bytes(limit) : "") + ")";
  }

  private static boolean allZonesAtMin(MemorySnapshot s) {
    boolean any = false;
    for (ZoneAnalysis a : s.analyses()) {
      if (a.zone().managed().orElse(1) > 0) {
        any = true;
        if (a.headroomAboveMinPages() > 0) {
          return false;
        }
      }
    }
    return any;
  }

  /** "limit 8.0 MiB" from the JDK 17+ message "Cannot reserve N bytes ... (allocated: A, limit: L)". */
  static String directCap(String m) {
    int i = m == null ? -1 : m.indexOf("limit: ");
    if (i < 0) {
      return null;
    }
    int j = i + 7;
    long v = 0;
    while (j < m.length() && m.charAt(j) >= '0' && m.charAt(j) <= '9' && j < i + 7 + 18) {
      v = v * 10 + (m.charAt(j) - '0');
      j++;
    }
    return j == i + 7 ? null : "limit " + Sizes.bytes(v);
  }
}
