package io.mmlens.core.kmsg;

import io.mmlens.core.Problem;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decoding of the OOM kill part of a report: task table, oom-kill summary, kill lines, memcg stats. */
final class KillLines {

  private KillLines() {}

  static void oomKill(KernelReport.Draft d, String t) {
    int i = 9;
    while (i < t.length()) {
      int comma = t.indexOf(',', i);
      if (comma < 0) {
        comma = t.length();
      }
      int eq = t.indexOf('=', i);
      if (eq > 0 && eq < comma) {
        String key = t.substring(i, eq);
        String val = t.substring(eq + 1, comma);
        long n = Scan.number(val, 0);
        d.oomKill.put(key, n != Scan.NONE && Scan.numberEnd(val, 0) == val.length() && !key.equals("nodemask")
            && !key.equals("mems_allowed") ? (Object) n : val);
      } else if (comma > i) {
        d.oomKill.put(t.substring(i, comma), Boolean.TRUE);
      }
      i = comma + 1;
    }
    if (d.oomKill.get("oom_memcg") instanceof String) {
      d.memcg.putIfAbsent("path", d.oomKill.get("oom_memcg"));
    }
    if (d.cpuset == null && d.oomKill.get("cpuset") instanceof String) {
      d.cpuset = (String) d.oomKill.get("cpuset");
      d.memsAllowed = String.valueOf(d.oomKill.get("mems_allowed"));
    }
  }

  static void killed(KernelReport.Draft d, String t, int ln, String source) {
    Victim v = victim(d);
    int p = t.indexOf("Killed process ") + 15;
    long pid = Scan.number(t, p);
    if (pid == Scan.NONE) {
      d.errors.add(new Problem(source, ln, Problem.Kind.MALFORMED, "Killed process line without a pid: " + ReportParser.clip(t)));
      return;
    }
    v.killed = true;
    v.pid = pid;
    int open = t.indexOf('(', p);
    v.name = ReportParser.paren(t, open);
    // RHEL 6: "Killed process 3878,UID 0,(qemu_wl52)" / "Killed process N, UID U, (x)"
    int uidAt = t.indexOf("UID", p);
    if (uidAt > 0 && uidAt < open) {
      v.uid = ReportParser.num(Scan.number(t, ReportParser.skipSpaces(t, uidAt + 3)));
    } else if (uidAt > open) {
      v.uid = ReportParser.num(Scan.number(t, uidAt + 4));
    }
    v.totalVmKb = ReportParser.num(Scan.after(t, "total-vm:"));
    v.anonRssKb = ReportParser.num(Scan.after(t, "anon-rss:"));
    v.fileRssKb = ReportParser.num(Scan.after(t, "file-rss:"));
    v.shmemRssKb = ReportParser.num(Scan.after(t, "shmem-rss:"));
    v.pgtablesKb = ReportParser.num(Scan.after(t, "pgtables:"));
    v.oomScoreAdj = ReportParser.num(Scan.after(t, "oom_score_adj:"));
    if (t.startsWith("Memory cgroup out of memory")) {
      d.memcg.putIfAbsent("killed_by_memcg", Boolean.TRUE);
    }
  }

  static void taskLine(KernelReport.Draft d, String t, int ln, String source) {
    int close = t.indexOf(']');
    if (close < 0) {
      return;
    }
    String inner = t.substring(1, close).trim();
    if (inner.equals("pid")) {
      d.taskColumns.clear();
      int i = close + 1;
      while ((i = ReportParser.skipSpaces(t, i)) < t.length()) {
        int j = t.indexOf(' ', i);
        j = j < 0 ? t.length() : j;
        d.taskColumns.add(t.substring(i, j));
        i = j;
      }
      return;
    }
    long pid = Scan.number(inner, 0);
    if (pid == Scan.NONE || d.taskColumns.isEmpty()) {
      return; // call-trace address lines "[<ffff...>]" and rows without a header
    }
    Map<String, Long> cols = new LinkedHashMap<>();
    int i = close + 1;
    int n = d.taskColumns.size();
    for (int c = 0; c < n - 1; c++) {
      i = ReportParser.skipSpaces(t, i);
      long v = Scan.number(t, i);
      if (v == Scan.NONE) {
        d.errors.add(new Problem(source, ln, Problem.Kind.MALFORMED,
            "task row: expected a number for column '" + d.taskColumns.get(c) + "': " + ReportParser.clip(t)));
        return;
      }
      cols.put(d.taskColumns.get(c), v);
      i = Scan.numberEnd(t, i);
    }
    d.tasks.add(new TaskRow(pid, t.substring(ReportParser.skipSpaces(t, i)), cols));
  }

  static boolean memcgV2Stat(KernelReport.Draft d, String t) {
    int sp = t.indexOf(' ');
    if (sp <= 0 || t.indexOf(':') >= 0) {
      return false;
    }
    long v = Scan.number(t, sp + 1);
    if (v == Scan.NONE || Scan.numberEnd(t, sp + 1) != t.length()) {
      return false;
    }
    stats(d).put(t.substring(0, sp), v);
    return true;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> stats(KernelReport.Draft d) {
    Object s = d.memcg.get("stats");
    if (s == null) {
      s = new LinkedHashMap<String, Object>();
      d.memcg.put("stats", s);
    }
    return (Map<String, Object>) s;
  }

  static Victim victim(KernelReport.Draft d) {
    if (d.victim == null) {
      d.victim = new Victim();
    }
    return d.victim;
  }

  /**
   * One {@code Unreclaimable slab info:} row ({@code "%-17s %10luKB %10luKB"}); the
   * {@code Name Used Total} header is accepted and skipped. False ends the table.
   */
  static boolean slabRow(KernelReport.Draft d, String t) {
    if (t.startsWith("Name ") && t.endsWith("Total")) {
      return true;
    }
    int end = t.length();
    int s2 = t.lastIndexOf(' ');
    if (s2 < 0 || !t.endsWith("KB")) {
      return false;
    }
    long total = Scan.number(t, s2 + 1);
    int s1 = t.lastIndexOf(' ', ReportParser.lastNonSpace(t, s2));
    if (total == Scan.NONE || s1 < 0) {
      return false;
    }
    long used = Scan.number(t, s1 + 1);
    if (used == Scan.NONE || Scan.numberEnd(t, s2 + 1) != end - 2) {
      return false;
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", t.substring(0, ReportParser.lastNonSpace(t, s1) + 1));
    row.put("used_kb", used);
    row.put("total_kb", total);
    d.unreclaimableSlab.add(row);
    return true;
  }
}
