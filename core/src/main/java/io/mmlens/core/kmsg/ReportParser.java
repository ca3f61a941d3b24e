package io.mmlens.core.kmsg;

import io.mmlens.core.Problem;
import java.util.Map;

/**
 * Decodes the lines of one {@link RawReport} into a {@link KernelReport}. Every era 2.6.32 – 6.x;
 * hand-written scanning; a malformed line becomes a Problem and the rest still decodes.
 */
public final class ReportParser {

  private final String source;

  /** @param source input name used in problems (a file name, "stdin", "/dev/kmsg") */
  public ReportParser(String source) {
    this.source = source == null ? "log" : source;
  }

  /** Decodes one report; never throws for bad input. */
  public KernelReport parse(RawReport raw) {
    KernelReport.Draft d = new KernelReport.Draft();
    d.host = raw.host();
    d.incomplete = raw.incomplete();
    d.incompleteReason = raw.incompleteReason();
    d.errors.addAll(raw.problems());
    ZoneWork zw = new ZoneWork();
    boolean inMemcgStats = false;
    boolean inSlabTable = false;
    for (LogLine ll : raw.lines()) {
      String t = ll.text().trim();
      int ln = (int) ll.lineNumber();
      if (d.timestamp == null && ll.timestamp() != null) {
        d.timestamp = ll.timestamp();
      }
      if (d.firstLine == 0) {
        d.firstLine = ln;
      }
      d.lastLine = ln;
      try {
        if (inSlabTable) {
          if (KillLines.slabRow(d, t)) {
            continue;
          }
          inSlabTable = false;
        }
        if (t.startsWith("Unreclaimable slab info:")) {
          inSlabTable = true;
          continue;
        }
        if (inMemcgStats) {
          if (KillLines.memcgV2Stat(d, t)) {
            continue;
          }
          inMemcgStats = false;
        }
        if (dispatch(d, zw, t, ln)) {
          inMemcgStats = t.startsWith("Memory cgroup stats for ") && t.endsWith(":");
        }
      } catch (RuntimeException e) {
        // A parser bug must not lose the report: record it against the line.
        d.errors.add(new Problem(source, ln, Problem.Kind.MALFORMED,
            "could not decode line (" + e + "): " + clip(t)));
      }
    }
    zw.finish(d, source);
    d.kind = kindOf(d);
    return new KernelReport(d, null);
  }

  private static String kindOf(KernelReport.Draft d) {
    if (!d.memcg.isEmpty() || "CONSTRAINT_MEMCG".equals(d.oomKill.get("constraint"))) {
      return "memcg_oom";
    }
    if ("oom".equals(d.kind) || d.victim != null || d.panic != null) {
      return "oom_kill";
    }
    if ("alloc".equals(d.kind)) {
      return "alloc_failure";
    }
    if (!d.slabFailure.isEmpty()) {
      return "slab_failure";
    }
    if (!d.cacheCreateFailure.isEmpty()) {
      return "cache_create_failure";
    }
    return d.zones.isEmpty() ? "unknown" : "mem_info";
  }

  /** Returns true when the line was recognised. */
  private boolean dispatch(KernelReport.Draft d, ZoneWork zw, String t, int ln) {
    if (t.isEmpty()) {
      return false;
    }
    char c0 = t.charAt(0);
    int k;
    if ((k = t.indexOf(" invoked oom-killer: ")) > 0) {
      oomHeader(d, t, k, ln);
    } else if ((k = t.indexOf(": page allocation failure")) > 0) {
      allocHeader(d, t, k, ln, true);
    } else if ((k = t.indexOf(": vmalloc error: ")) > 0 || (k = t.indexOf(": vmalloc: allocation failure")) > 0) {
      // warn_alloc() with a vmalloc message: same mode:0x..(..), nodemask tail; order is the
      // "page order N" when printed (5.x+), else unknown
      allocHeader(d, t, k, ln, false);
      long po = Scan.after(t, "page order ");
      d.order = po == Scan.NONE ? null : order(d, po, ln, t);
      d.vmalloc = true;
    } else if ((k = t.indexOf(": page allocation stalls for ")) > 0) {
      allocHeader(d, t, k, ln, true); // 4.9-4.14 stall warning: same order/mode tail
      d.stallMs = num(Scan.number(t, k + ": page allocation stalls for ".length()));
    } else if (t.startsWith("SLUB: Unable to allocate memory on node ")) {
      d.slabFailure.put("node", num(Scan.after(t, "on node ")));
      int g = t.indexOf("gfp=");
      String[] m = g < 0 ? null : Scan.mask(t, g + 4);
      if (m != null) {
        d.slabFailure.put("gfp_mask", m[0]);
        d.slabFailure.put("gfp_printed_flags", m[1]);
      }
    } else if (t.startsWith("cache: ") && !d.slabFailure.isEmpty()) {
      d.slabFailure.put("cache", Scan.token(t, "cache: ", ","));
      d.slabFailure.put("object_size", num(Scan.after(t, "object size: ")));
      d.slabFailure.put("buffer_size", num(Scan.after(t, "buffer size: ")));
      d.slabFailure.put("default_order", num(Scan.after(t, "default order: ")));
      d.slabFailure.put("min_order", num(Scan.after(t, "min order: ")));
    } else if ((k = t.indexOf(") failed with error ")) > 0 && t.indexOf('(') > 0
        && t.indexOf('(') < k) {
      int open = t.indexOf('(');
      d.cacheCreateFailure.put("function", t.substring(0, open));
      d.cacheCreateFailure.put("cache", t.substring(open + 1, k));
      d.cacheCreateFailure.put("error", num(Scan.number(t, k + ") failed with error ".length())));
      d.cacheCreateFailure.put("line", ln);
    } else if (t.startsWith("CPU: ") && t.contains(" PID: ")) {
      process(d, t, Scan.after(t, " PID: "), Scan.token(t, " Comm: ", " "), t.indexOf(" Comm: "));
    } else if (t.startsWith("Pid: ")) {
      int cm = t.indexOf("comm: ");
      process(d, t, Scan.number(t, 5), cm < 0 ? null : Scan.token(t, "comm: ", " "), cm);
    } else if ((k = t.indexOf(" cpuset=")) > 0 && t.contains(" mems_allowed=")) {
      d.cpuset = Scan.token(t, " cpuset=", " ");
      d.memsAllowed = Scan.token(t, " mems_allowed=", " ");
    } else if (t.startsWith("oom-kill:")) {
      KillLines.oomKill(d, t);
    } else if (t.startsWith("Killed process ") || t.contains(": Killed process ")) {
      KillLines.killed(d, t, ln, source);
    } else if ((k = t.indexOf("ill process ")) > 0 && t.contains("(")) {
      Victim v = KillLines.victim(d);
      int p = k + "ill process ".length();
      v.pid = num(Scan.number(t, p));
      v.name = paren(t, t.indexOf('(', p));
      v.score = num(Scan.after(t, ") score "));
    } else if (t.startsWith("oom_reaper: unable to reap pid:")) {
      d.reaper.put("pid", num(Scan.after(t, "pid:")));
      d.reaper.put("name", paren(t, t.indexOf('(')));
      d.reaper.put("reaped", Boolean.FALSE);
    } else if (t.startsWith("oom_reaper: ")) {
      d.reaper.put("pid", num(Scan.after(t, "process ")));
      d.reaper.put("name", paren(t, t.indexOf('(')));
      d.reaper.put("anon_rss_kb", num(Scan.after(t, "anon-rss:")));
      d.reaper.put("file_rss_kb", num(Scan.after(t, "file-rss:")));
      d.reaper.put("shmem_rss_kb", num(Scan.after(t, "shmem-rss:")));
    } else if (c0 == '[') {
      KillLines.taskLine(d, t, ln, source);
    } else if (t.startsWith("Memory cgroup stats for ")) {
      int colon = t.indexOf(':', 24);
      d.memcg.putIfAbsent("path", colon < 0 ? t.substring(24) : t.substring(24, colon));
      if (colon > 0 && colon + 1 < t.length()) {
        Map<String, Object> stats = KillLines.stats(d);
        kv(t.substring(colon + 1), ':', stats);
      }
    } else if (t.startsWith("memory: usage ") || t.startsWith("memory+swap: usage ")
        || t.startsWith("swap: usage ") || t.startsWith("kmem: usage ")) {
      String pre = t.startsWith("memory: ") ? "" : t.substring(0, t.indexOf(':')).replace("+", "_") + "_";
      d.memcg.put(pre + "usage_kb", num(Scan.after(t, "usage ")));
      d.memcg.put(pre + "limit_kb", num(Scan.after(t, "limit ")));
      d.memcg.put(pre + "failcnt", num(Scan.after(t, "failcnt ")));
    } else if (t.startsWith("Task in ") && t.contains(" killed as a result of limit of ")) {
      d.memcg.put("task_path", Scan.token(t, "Task in ", " "));
      d.memcg.put("path", t.substring(t.indexOf(" of limit of ") + 13).trim());
    } else if (t.startsWith("Memory limit reached of cgroup ")) {
      d.memcg.put("path", t.substring(31).trim());
    } else if (t.startsWith("lowmem_reserve[]:")) {
      zw.reserve(t, ln, d, source);
    } else if (t.startsWith("Swap cache stats: ")) {
      d.totals.put("swap_cache_add", num(Scan.after(t, "add ")));
      d.totals.put("swap_cache_delete", num(Scan.after(t, "delete ")));
      d.totals.put("swap_cache_find", num(Scan.after(t, "find ")));
      int sl = t.indexOf('/', t.indexOf("find "));
      d.totals.put("swap_cache_find_total", sl < 0 ? null : num(Scan.number(t, sl + 1)));
    } else if (t.startsWith("COMPACTION is disabled")) {
      d.compactionDisabled = true;
    } else if (t.startsWith("Out of memory and no killable processes")
        || (t.startsWith("Out of memory: ") && t.endsWith("panic_on_oom is enabled"))) {
      d.panic = t;
    } else if (t.startsWith("Free swap")) {
      d.swapFreeKb = num(Scan.after(t, "= "));
    } else if (t.startsWith("Total swap")) {
      d.swapTotalKb = num(Scan.after(t, "= "));
    } else if (c0 >= '0' && c0 <= '9' && (k = t.indexOf(' ')) > 0 && t.indexOf(':') < 0
        && (t.startsWith("pages", k + 1) || t.startsWith("total pagecache", k + 1))) {
      long v = Scan.number(t, 0);
      String key = t.substring(k + 1).trim().replace(' ', '_').replace('/', '_');
      if (v != Scan.NONE && !key.isEmpty()) {
        d.totals.put(key, v);
      }
    } else if (t.startsWith("Node ") || Scan.isZoneName(firstWord(t))) {
      return zw.zoneOrBuddy(d, t, ln, source);
    } else if (t.indexOf(':') > 0 && isCounterLine(t)) {
      kv(t, ':', d.meminfo);
    } else {
      return false;
    }
    return true;
  }

  private static boolean isCounterLine(String t) {
    String w = t.substring(0, t.indexOf(':'));
    switch (w) {
      case "active_anon": case "active_file": case "unevictable": case "free":
      case "slab_reclaimable": case "mapped": case "free_cma": case "sec_pagetables":
      case "kernel_misc_reclaimable":
        return true;
      default:
        return false;
    }
  }

  private void oomHeader(KernelReport.Draft d, String t, int k, int ln) {
    d.kind = "oom";
    d.processName = t.substring(0, k);
    int g = t.indexOf("gfp_mask=", k);
    String[] m = g < 0 ? null : Scan.mask(t, g + 9);
    if (m == null) {
      d.errors.add(new Problem(source, ln, Problem.Kind.MALFORMED, "OOM header without a gfp_mask=0x... value: " + clip(t)));
    } else {
      d.gfpMask = m[0];
      d.gfpPrintedFlags = m[1];
    }
    long o = Scan.after(t, "order=");
    if (o == Scan.NONE) {
      d.errors.add(new Problem(source, ln, Problem.Kind.MALFORMED, "OOM header without order=N: " + clip(t)));
    } else {
      d.order = order(d, o, ln, t);
    }
    String nm = Scan.token(t, "nodemask=", ",");
    if (nm != null) {
      d.nodemask = nm;
    }
  }

  /**
   * A printed order, or null with a problem when no kernel could print it: -1 (SysRq, no
   * request) up to 62 (a block of 2^62 pages is the arithmetic limit; real MAX_ORDERs are ≤ 20).
   */
  private Integer order(KernelReport.Draft d, long o, int ln, String t) {
    if (o < -1 || o > 62) {
      d.errors.add(new Problem(source, ln, Problem.Kind.MALFORMED,
          "order " + o + " is outside -1..62: " + clip(t)));
      return null;
    }
    return (int) o;
  }

  private void allocHeader(KernelReport.Draft d, String t, int k, int ln, boolean needOrder) {
    d.kind = "alloc";
    d.processName = t.substring(0, k);
    long o = Scan.after(t, "order:");
    int md = t.indexOf("mode:");
    String[] m = md < 0 ? null : Scan.mask(t, md + 5);
    if ((needOrder && o == Scan.NONE) || m == null) {
      d.errors.add(new Problem(source, ln, Problem.Kind.MALFORMED,
          "page allocation failure line without order:N and mode:0x...: " + clip(t)));
    }
    if (o != Scan.NONE) {
      d.order = order(d, o, ln, t);
    }
    if (m != null) {
      d.gfpMask = m[0];
      d.gfpPrintedFlags = m[1];
    }
    d.nodemask = Scan.token(t, "nodemask=", ",");
    String cs = Scan.token(t, ",cpuset=", ",");
    if (cs != null) {
      d.cpuset = cs;
      d.memsAllowed = Scan.token(t, ",mems_allowed=", ", ");
    }
  }

  private static void process(KernelReport.Draft d, String t, long pid, String comm, int after) {
    if (d.processPid == null && pid != Scan.NONE) {
      d.processPid = pid;
    }
    if (d.processName == null && comm != null) {
      d.processName = comm;
    }
    if (d.release != null) {
      return;
    }
    int tk = t.indexOf("ainted", Math.max(after, 0));
    if (tk < 0) {
      return;
    }
    int i = tk + 6;
    // tokens after "Tainted:"/"tainted": taint letters, then the release (starts with a digit)
    while (i < t.length()) {
      while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == ':')) {
        i++;
      }
      int j = t.indexOf(' ', i);
      if (j < 0) {
        j = t.length();
      }
      if (i < j && Character.isDigit(t.charAt(i)) && t.indexOf('.', i) > 0 && t.indexOf('.', i) < j) {
        d.release = t.substring(i, j);
        d.releaseSource = "report";
        return;
      }
      i = j;
    }
  }






  /** "k:v k:v" pairs; values' unit suffixes (kB/KB) dropped, non-numbers ignored. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void kv(String s, char sep, Map out) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      i = skipSpaces(s, i);
      int c = s.indexOf(sep, i);
      if (c < 0) {
        return;
      }
      int next = s.indexOf(' ', c + 1);
      if (next == c + 1) {
        next = s.indexOf(' ', skipSpaces(s, c + 1)); // "shmem_thp: 0kB"
      }
      if (next < 0) {
        next = n;
      }
      long v = Scan.number(s, skipSpaces(s, c + 1));
      if (v != Scan.NONE) {
        out.put(s.substring(i, c), v);
      }
      i = next;
    }
  }

  static int skipSpaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
      i++;
    }
    return i;
  }


  static String paren(String t, int open) {
    if (open < 0) {
      return null;
    }
    int close = t.indexOf(')', open);
    // a comm may contain ')' — take the last ')' before the next " total-vm"/" score"/","
    int stop = t.indexOf(") ", open);
    int end = stop > 0 ? stop : (close < 0 ? t.length() : t.lastIndexOf(')'));
    return t.substring(open + 1, end);
  }

  private static String firstWord(String t) {
    int i = 0;
    while (i < t.length() && Character.isLetterOrDigit(t.charAt(i))) {
      i++;
    }
    return t.substring(0, i);
  }

  static Long num(long v) {
    return v == Scan.NONE ? null : v;
  }

  static String clip(String t) {
    return t.length() > 120 ? t.substring(0, 120) + "..." : t;
  }

  /** Index of the last non-space character before {@code before}, or -1. */
  static int lastNonSpace(String t, int before) {
    int i = before - 1;
    while (i >= 0 && t.charAt(i) == ' ') {
      i--;
    }
    return i;
  }
}
