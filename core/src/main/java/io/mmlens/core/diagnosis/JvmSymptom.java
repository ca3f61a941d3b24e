package io.mmlens.core.diagnosis;

import io.mmlens.core.procfs.CgroupMemory;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.zone.ZoneAnalysis;
import io.mmlens.core.zone.ZoneState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JVM failure that memory limits explain — a process start failing with ENOMEM, a thread the
 * kernel refused, direct-buffer memory exhausted, a failed mmap — with the one-line explanation
 * a snapshot taken right after it supports.
 */
public enum JvmSymptom {
  /** {@code IOException: Cannot run program …: error=12, Cannot allocate memory}. */
  FORK_ENOMEM("fork_enomem",
      "fork/exec failed with ENOMEM: the kernel would not commit a copy of the JVM's address space"
          + " (vm.overcommit_memory / overcommit_ratio, the cgroup limit or RLIMIT_AS)"),
  /** {@code OutOfMemoryError: unable to create native thread}. */
  NATIVE_THREAD("native_thread",
      "the kernel refused a new thread: the task limit (RLIMIT_NPROC, pids.max, kernel.threads-max)"
          + " or memory for its stack"),
  /** {@code OutOfMemoryError: Direct buffer memory} (17+: {@code Cannot reserve … direct buffer memory}). */
  DIRECT_BUFFER_MEMORY("direct_buffer_memory",
      "the JVM's own direct-memory limit was reached (-XX:MaxDirectMemorySize, by default the heap"
          + " size), not the kernel's memory"),
  /** {@code IOException / OutOfMemoryError: Map failed}. */
  MAP_FAILED("map_failed",
      "mmap failed: address space (RLIMIT_AS), vm.max_map_count or the commit limit");

  private final String key;
  private final String cause;

  JvmSymptom(String key, String cause) {
    this.key = key;
    this.cause = cause;
  }

  /** JSON / attribute value. */
  public String key() {
    return key;
  }

  /** The symptom an exception shows, or null when it is not one of these. */
  public static JvmSymptom of(Throwable t) {
    String m = t.getMessage();
    if (m == null) {
      return null;
    }
    if (t instanceof OutOfMemoryError) {
      if (m.contains("unable to create native thread")) {
        return NATIVE_THREAD;
      }
      // JDK 8-16: "Direct buffer memory"; 17+: "Cannot reserve N bytes of direct buffer memory (…)"
      if (m.contains("Direct buffer memory") || m.contains("direct buffer memory")) {
        return DIRECT_BUFFER_MEMORY;
      }
      return m.contains("Map failed") ? MAP_FAILED : null;
    }
    if (t instanceof java.io.IOException) {
      if (m.contains("error=12")) {
        return FORK_ENOMEM;
      }
      return m.startsWith("Map failed") ? MAP_FAILED : null;
    }
    return null;
  }

  /** One line: the likely cause, then what the snapshot says about the cgroup and the zones. */
  public String explain(MemorySnapshot s) {
    StringBuilder b = new StringBuilder(cause).append('.');
    CgroupMemory cg = s == null ? null : s.cgroup();
    if (cg != null && !cg.unlimited() && cg.usageBytes().isPresent() && cg.limitBytes().isPresent()) {
      long use = cg.usageBytes().getAsLong();
      long lim = cg.limitBytes().getAsLong();
      b.append(" The service's cgroup uses ").append(Sizes.bytes(use)).append(" of its ")
          .append(Sizes.bytes(lim)).append(" limit")
          .append(lim > 0 && use * 100 >= lim * 95L ? " (at the limit)." : ".");
    }
    ZoneState tightest = null;
    ZoneAnalysis tightestA = null;
    if (s != null) {
      for (int i = 0; i < s.zones().size(); i++) {
        ZoneState z = s.zones().get(i);
        if (z.managed().isPresent() && z.managed().getAsLong() == 0) {
          continue;
        }
        ZoneAnalysis a = s.analyses().get(i);
        if (tightestA == null || a.headroomAboveMinBytes() < tightestA.headroomAboveMinBytes()) {
          tightest = z;
          tightestA = a;
        }
      }
    }
    if (tightest != null) {
      b.append(" Tightest zone: ").append(tightest.label()).append(", ")
          .append(Sizes.bytes(tightestA.headroomAboveMinBytes())).append(" above min, largest free block order ")
          .append(tightestA.largestFreeOrder()).append('.');
    }
    return b.toString();
  }

  /** Per populated zone: largest free order and headroom, for the record's attributes. */
  public static List<Map<String, Object>> zoneSummary(MemorySnapshot s) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < s.zones().size(); i++) {
      ZoneState z = s.zones().get(i);
      if (z.managed().isPresent() && z.managed().getAsLong() == 0) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", z.node());
      m.put("name", z.name());
      m.put("largest_free_order", s.analyses().get(i).largestFreeOrder());
      m.put("headroom_above_min_bytes", s.analyses().get(i).headroomAboveMinBytes());
      out.add(m);
    }
    return out;
  }
}
