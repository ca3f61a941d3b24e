package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits a process meets besides the zones and its cgroup — address-space rlimit, mapping
 * count, thread limit, overcommit policy — and how close it is to each (-1 = unknown/unlimited).
 */
public final class ProcessLimits {

  private long vmSizeKb = -1;
  private long threads = -1;
  private long addressSpaceLimitBytes = -1;
  private long maxProcesses = -1;
  private long mapCount = -1;
  private long maxMapCount = -1;
  private long overcommitMemory = -1;

  /** VmSize of /proc/self/status, KiB. */
  public long vmSizeKb() {
    return vmSizeKb;
  }

  /** Threads of /proc/self/status. */
  public long threads() {
    return threads;
  }

  /** "Max address space" soft limit of /proc/self/limits (ulimit -v), bytes; -1 unlimited. */
  public long addressSpaceLimitBytes() {
    return addressSpaceLimitBytes;
  }

  /** "Max processes" soft limit (ulimit -u, counts threads); -1 unlimited. */
  public long maxProcesses() {
    return maxProcesses;
  }

  /** Lines of /proc/self/maps: the process's memory mappings. */
  public long mapCount() {
    return mapCount;
  }

  /** vm.max_map_count. */
  public long maxMapCount() {
    return maxMapCount;
  }

  /** vm.overcommit_memory (0 heuristic, 1 always, 2 strict). */
  public long overcommitMemory() {
    return overcommitMemory;
  }

  /** Reads the process's own files under {@code fs} ({@code proc/self/...}, {@code proc/sys/vm/...}). */
  public static Parsed<ProcessLimits> read(ProcFs fs) {
    List<Problem> problems = new ArrayList<>();
    ProcessLimits p = parse(text(fs, "proc/self/status", problems), text(fs, "proc/self/limits", problems),
        text(fs, "proc/sys/vm/max_map_count", problems), text(fs, "proc/sys/vm/overcommit_memory", problems));
    Parsed<Long> maps = fs.countLines("proc/self/maps");
    p.mapCount = maps.value();
    problems.addAll(maps.problems());
    return Parsed.of(p, problems);
  }

  /** From the texts of /proc/self/status, /proc/self/limits and two sysctls (any may be ""). */
  public static ProcessLimits parse(String status, String limits, String maxMapCount,
      String overcommitMemory) {
    ProcessLimits p = new ProcessLimits();
    for (String l : status.split("\n")) {
      if (l.startsWith("VmSize:")) {
        p.vmSizeKb = firstNumber(l, 7);
      } else if (l.startsWith("Threads:")) {
        p.threads = firstNumber(l, 8);
      }
    }
    for (String l : limits.split("\n")) {
      // "Max address space         unlimited            unlimited            bytes"
      if (l.startsWith("Max address space")) {
        p.addressSpaceLimitBytes = firstNumber(l, 17);
      } else if (l.startsWith("Max processes")) {
        p.maxProcesses = firstNumber(l, 13);
      }
    }
    p.maxMapCount = firstNumber(maxMapCount, 0);
    p.overcommitMemory = firstNumber(overcommitMemory, 0);
    return p;
  }

  /** Known values only, for JSON and log-record attributes. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "vm_size_kb", vmSizeKb);
    put(m, "threads", threads);
    put(m, "address_space_limit_bytes", addressSpaceLimitBytes);
    put(m, "max_processes", maxProcesses);
    put(m, "map_count", mapCount);
    put(m, "max_map_count", maxMapCount);
    put(m, "overcommit_memory", overcommitMemory);
    return m;
  }

  private static void put(Map<String, Object> m, String k, long v) {
    if (v >= 0) {
      m.put(k, v);
    }
  }

  private static String text(ProcFs fs, String path, List<Problem> problems) {
    Parsed<String> t = fs.read(path);
    problems.addAll(t.problems());
    return t.value();
  }

  /** First decimal number from {@code from} on; -1 when "unlimited" or none comes first. */
  static long firstNumber(String s, int from) {
    int i = from;
    while (i < s.length() && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
      if (s.startsWith("unlimited", i)) {
        return -1;
      }
      i++;
    }
    long v = -1;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v < Long.MAX_VALUE / 10) {
      v = (v < 0 ? 0 : v * 10) + (s.charAt(i) - '0');
      i++;
    }
    return v;
  }
}
