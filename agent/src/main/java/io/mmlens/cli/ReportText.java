package io.mmlens.cli;

import io.mmlens.core.kmsg.KernelReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Renders one decoded report as the readable explanation of {@code mmlens analyze}. It reads the
 * same tree as {@code --format json} so the two outputs can never disagree; every string that came
 * from the log goes through {@link Terminal#safe}.
 */
final class ReportText {

  static void print(KernelReport report, String source, PrintStream out) {
    Map<String, Object> m = report.toMap();
    StringBuilder head = new StringBuilder("== ").append(kindLabel(str(m, "kind")));
    appendIf(head, " on ", str(m, "host"));
    appendIf(head, " at ", str(m, "timestamp"));
    String release = str(m, "kernel", "release");
    if (release != null) {
      head.append(" · kernel ").append(release);
      appendIf(head, " (from ", str(m, "kernel", "release_source"), ")");
    }
    head.append(" · ").append(source).append(" ==");
    out.println(Terminal.safe(head));

    line(out, "request", request(m));
    line(out, "failure", failure(m));
    Object diag = m.get("diagnosis");
    if (diag instanceof Map) {
      line(out, "verdict", str(m, "diagnosis", "verdict"));
      line(out, "", str(m, "diagnosis", "summary"));
      List<?> factors = list(m, "diagnosis", "factors");
      if (factors != null && !factors.isEmpty()) {
        StringBuilder f = new StringBuilder();
        for (Object o : factors) {
          f.append(f.length() == 0 ? "" : ", ").append(((Map<?, ?>) o).get("name"));
        }
        line(out, "factors", f.toString());
      }
    }
    zones(m, out);
    Long swapTotal = num(m, "swap", "total_kb");
    if (swapTotal != null) {
      Long swapFree = num(m, "swap", "free_kb");
      line(out, "swap", swapTotal == 0 ? "none configured"
          : kib(swapFree) + " free of " + kib(swapTotal));
    }
    if (m.get("memcg") instanceof Map) {
      StringBuilder c = new StringBuilder();
      appendIf(c, "", str(m, "memcg", "path"), "  ");
      Long usage = num(m, "memcg", "usage_kb");
      Long limit = num(m, "memcg", "limit_kb");
      if (usage != null) {
        c.append("usage ").append(kib(usage));
      }
      if (limit != null) {
        c.append(" of limit ").append(kib(limit));
      }
      line(out, "memcg", c.toString());
    }
    if (m.get("victim") instanceof Map) {
      StringBuilder v = new StringBuilder();
      v.append(str(m, "victim", "name")).append(" (pid ").append(num(m, "victim", "pid")).append(')');
      Long anon = num(m, "victim", "anon_rss_kb");
      if (anon != null) {
        v.append(", anon-rss ").append(kib(anon));
      }
      Long file = num(m, "victim", "file_rss_kb");
      if (file != null) {
        v.append(", file-rss ").append(kib(file));
      }
      if (Boolean.TRUE.equals(((Map<?, ?>) m.get("victim")).get("killed"))) {
        v.append(", killed");
      }
      line(out, "victim", v.toString());
    }
    if (Boolean.TRUE.equals(m.get("incomplete"))) {
      line(out, "incomplete", String.valueOf(m.getOrDefault("incomplete_reason", "report cut short")));
    }
    List<?> errors = (List<?>) m.get("errors");
    if (errors != null) {
      for (Object e : errors) {
        Map<?, ?> p = (Map<?, ?>) e;
        line(out, "problem", source + ":" + p.get("line") + ": " + p.get("kind") + ": " + p.get("message"));
      }
    }
    out.println();
  }

  private static String request(Map<String, Object> m) {
    StringBuilder r = new StringBuilder();
    String name = str(m, "request", "process", "name");
    if (name != null) {
      r.append(name).append(" (pid ").append(num(m, "request", "process", "pid")).append(")");
    }
    Long order = num(m, "request", "order");
    Long pageSize = num(m, "page_size");
    if (order != null) {
      r.append(r.length() == 0 ? "" : ": ").append("order ").append(order);
      if (pageSize != null && order < 40) {
        r.append(" (").append(Terminal.bytes(pageSize << order)).append(")");
      }
    }
    String mask = str(m, "request", "gfp", "mask");
    if (mask != null) {
      r.append(", gfp ").append(mask);
      appendIf(r, " = ", str(m, "request", "gfp", "symbolic"));
      appendIf(r, ", highest zone ", str(m, "request", "gfp", "zone"));
      appendIf(r, ", ", str(m, "request", "gfp", "migratetype"));
    }
    return r.length() == 0 ? null : r.toString();
  }

  /** The SLUB / kmem_cache_create specifics, which have no zone dump to explain them. */
  private static String failure(Map<String, Object> m) {
    String cache = str(m, "cache_create_failure", "cache");
    if (cache != null) {
      Long error = num(m, "cache_create_failure", "error");
      return str(m, "cache_create_failure", "function") + "(" + cache + ") failed"
          + (error == null ? "" : " with error " + error + (error == -12 ? " (ENOMEM)" : ""));
    }
    if (m.get("slab_failure") instanceof Map) {
      StringBuilder b = new StringBuilder("SLUB could not allocate");
      appendIf(b, " for cache ", str(m, "slab_failure", "cache"));
      appendIf(b, " on node ", str(m, "slab_failure", "node"));
      appendIf(b, ", gfp ", str(m, "slab_failure", "gfp_mask"));
      return b.toString();
    }
    return null;
  }

  private static void zones(Map<String, Object> m, PrintStream out) {
    List<?> zones = list(m, "zones");
    if (zones == null || zones.isEmpty()) {
      return;
    }
    Long order = num(m, "request", "order");
    out.println(Terminal.safe(String.format("%-10s %-14s %10s %10s %10s %8s  %-14s %s", "zones",
        "zone", "free", "min", "reserve", "largest", order == null ? "request" : "order-" + order,
        "frag.index")));
    for (Object o : zones) {
      @SuppressWarnings("unchecked")
      Map<String, Object> z = (Map<String, Object>) o;
      Object node = z.get("node");
      String label = (node == null ? "" : "Node " + node + " ") + z.get("name");
      Long reserve = num(z, "request_reserve_pages");
      Long pageSize = num(m, "page_size");
      Long largest = num(z, "largest_free_order");
      Object fit = z.get("request_fit");
      Object frag = z.get("fragmentation_index");
      out.println(Terminal.safe(String.format("%-10s %-14s %10s %10s %10s %8s  %-14s %s", "",
          label, kib(num(z, "free_kb")), kib(num(z, "min_kb")),
          reserve == null || pageSize == null ? "-" : Terminal.bytes(reserve * pageSize),
          largest == null || largest < 0 ? "none" : "order " + largest,
          fit == null ? "-" : fit, frag == null ? "-" : String.format("%.3f", ((Number) frag).doubleValue()))));
    }
  }

  static String kindLabel(String kind) {
    if (kind == null) {
      return "report";
    }
    switch (kind) {
      case "oom_kill":
        return "OOM kill";
      case "alloc_failure":
        return "page allocation failure";
      case "memcg_oom":
        return "memory cgroup OOM";
      case "slab_failure":
        return "SLUB allocation failure";
      case "cache_create_failure":
        return "kmem_cache_create failure";
      case "mem_info":
        return "memory dump (Mem-Info without a header)";
      default:
        return kind;
    }
  }

  private static void line(PrintStream out, String label, String text) {
    if (text != null && !text.isEmpty()) {
      out.println(Terminal.safe(String.format("%-10s %s", label, text)));
    }
  }

  private static String kib(Long kb) {
    return kb == null ? "-" : Terminal.bytes(kb * 1024);
  }

  private static void appendIf(StringBuilder sb, String before, String value) {
    appendIf(sb, before, value, "");
  }

  private static void appendIf(StringBuilder sb, String before, String value, String after) {
    if (value != null) {
      sb.append(before).append(value).append(after);
    }
  }

  private static Object at(Map<String, Object> m, String... path) {
    Object o = m;
    for (String p : path) {
      if (!(o instanceof Map)) {
        return null;
      }
      o = ((Map<?, ?>) o).get(p);
    }
    return o;
  }

  private static String str(Map<String, Object> m, String... path) {
    Object o = at(m, path);
    return o == null ? null : o.toString();
  }

  private static Long num(Map<String, Object> m, String... path) {
    Object o = at(m, path);
    return o instanceof Number ? ((Number) o).longValue() : null;
  }

  private static List<?> list(Map<String, Object> m, String... path) {
    Object o = at(m, path);
    return o instanceof List ? (List<?>) o : null;
  }

  private ReportText() {}
}
