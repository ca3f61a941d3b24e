package io.mmlens.core.diagnosis;

import io.mmlens.core.kmsg.KernelReport;
import io.mmlens.core.kmsg.LogZone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contributing factors and their thresholds. Shares are of RAM ({@code pages RAM}, else the zones'
 * present sizes); slab shares are of lowmem (RAM minus HighMem) because slab lives only there.
 */
final class Factors {

  static final double SWAP_FREE_MAX = 0.10;
  static final double SLAB_HEAVY = 0.20;
  static final double UNRECLAIMABLE_SLAB = 0.10;
  static final double ANON_DOMINANT = 0.50;
  static final double PAGECACHE_HEAVY = 0.50;
  static final double SHMEM_HEAVY = 0.10;
  static final double HUGETLB_RESERVED = 0.10;

  private Factors() {}

  @SuppressWarnings("unchecked")
  static List<Diagnosis.Factor> find(KernelReport r, Map<String, Object> tree) {
    List<Diagnosis.Factor> out = new ArrayList<>();
    int pk = Math.max(1, r.pageSize() / 1024);
    Map<String, Long> c = counters(r, pk);
    Map<String, Object> totals = tree == null ? null : (Map<String, Object>) tree.get("totals");
    long ramKb = 0;
    long highKb = 0;
    if (totals != null && totals.get("pages_RAM") instanceof Number) {
      ramKb = ((Number) totals.get("pages_RAM")).longValue() * pk;
      if (totals.get("pages_HighMem") instanceof Number) {
        highKb = ((Number) totals.get("pages_HighMem")).longValue() * pk;
      }
    }
    if (ramKb == 0) {
      for (LogZone z : r.zones()) {
        Long p = z.lineValues().get("present");
        ramKb += p == null ? 0 : p;
        if ("HighMem".equals(z.state().name()) && p != null) {
          highKb += p;
        }
      }
    }
    long lowKb = ramKb - highKb;
    Long swapTotal = r.swapTotalKb();
    Long swapFree = r.swapFreeKb();
    if (swapTotal != null && swapFree != null && swapTotal > 0
        && swapFree <= swapTotal * SWAP_FREE_MAX) {
      out.add(f("swap_exhausted", "swap_total_kb", swapTotal, "swap_free_kb", swapFree));
    }
    long slabR = c.getOrDefault("slab_reclaimable", 0L);
    long slabU = c.getOrDefault("slab_unreclaimable", 0L);
    if (lowKb > 0 && slabR + slabU >= lowKb * SLAB_HEAVY) {
      out.add(f("slab_heavy", "slab_kb", slabR + slabU, "slab_reclaimable_kb", slabR,
          "slab_unreclaimable_kb", slabU, "lowmem_kb", lowKb, "percent", pct(slabR + slabU, lowKb)));
    }
    if (lowKb > 0 && slabU >= lowKb * UNRECLAIMABLE_SLAB) {
      out.add(f("unreclaimable_slab", "slab_unreclaimable_kb", slabU, "lowmem_kb", lowKb,
          "percent", pct(slabU, lowKb)));
    }
    long anon = c.getOrDefault("active_anon", 0L) + c.getOrDefault("inactive_anon", 0L);
    if (ramKb > 0 && anon >= ramKb * ANON_DOMINANT) {
      out.add(f("anon_dominant", "anon_kb", anon, "ram_kb", ramKb, "percent", pct(anon, ramKb),
          "swap_total_kb", swapTotal));
    }
    long file = c.getOrDefault("active_file", 0L) + c.getOrDefault("inactive_file", 0L);
    if (ramKb > 0 && file >= ramKb * PAGECACHE_HEAVY) {
      out.add(f("pagecache_heavy", "file_kb", file, "ram_kb", ramKb, "percent", pct(file, ramKb)));
    }
    long shmem = c.getOrDefault("shmem", 0L);
    if (ramKb > 0 && shmem >= ramKb * SHMEM_HEAVY) {
      out.add(f("shmem_heavy", "shmem_kb", shmem, "ram_kb", ramKb, "percent", pct(shmem, ramKb)));
    }
    long huge = 0;
    Object hp = tree == null ? null : tree.get("hugepages");
    if (hp instanceof List) {
      for (Object o : (List<Object>) hp) {
        Map<String, Object> h = (Map<String, Object>) o;
        if (h.get("total") instanceof Number && h.get("size_kb") instanceof Number) {
          huge += ((Number) h.get("total")).longValue() * ((Number) h.get("size_kb")).longValue();
        }
      }
    }
    if (ramKb > 0 && huge >= ramKb * HUGETLB_RESERVED) {
      out.add(f("hugetlb_reserved", "hugetlb_kb", huge, "ram_kb", ramKb, "percent",
          pct(huge, ramKb)));
    }
    return out;
  }

  /** Global counters in kB: Mem-Info lines (pages) or, when absent, the zone lines (kB) summed. */
  static Map<String, Long> counters(KernelReport r, int pk) {
    Map<String, Long> c = new LinkedHashMap<>();
    String[] keys = {"active_anon", "inactive_anon", "active_file", "inactive_file",
        "slab_reclaimable", "slab_unreclaimable", "shmem"};
    Map<String, Long> mi = r.meminfo();
    for (String k : keys) {
      Long v = mi.get(k);
      if (v != null) {
        c.put(k, v * pk);
      } else {
        long sum = 0;
        boolean any = false;
        for (LogZone z : r.zones()) {
          Long zv = z.lineValues().get(k);
          if (zv != null) {
            sum += zv;
            any = true;
          }
        }
        if (any) {
          c.put(k, sum);
        }
      }
    }
    return c;
  }

  private static double pct(long part, long whole) {
    return Math.round(part * 1000.0 / whole) / 10.0;
  }

  private static Diagnosis.Factor f(String name, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new Diagnosis.Factor(name, m);
  }

  /** " Contributing: slab 650.0 MiB (91.4 % of lowmem); ..." or "". */
  static String sentence(List<Diagnosis.Factor> fs) {
    if (fs.isEmpty()) {
      return "";
    }
    List<String> p = new ArrayList<>();
    for (Diagnosis.Factor x : fs) {
      Map<String, Object> g = x.figures();
      switch (x.name()) {
        case "swap_exhausted":
          p.add("swap nearly full (" + Sizes.kb(g.get("swap_free_kb")) + " free of "
              + Sizes.kb(g.get("swap_total_kb")) + ")");
          break;
        case "slab_heavy":
          p.add("slab " + Sizes.kb(g.get("slab_kb")) + " (" + g.get("percent") + " % of lowmem)");
          break;
        case "unreclaimable_slab":
          p.add("unreclaimable slab " + Sizes.kb(g.get("slab_unreclaimable_kb")));
          break;
        case "anon_dominant":
          Object st = g.get("swap_total_kb");
          p.add("anonymous memory " + Sizes.kb(g.get("anon_kb")) + " (" + g.get("percent")
              + " % of RAM)" + (st instanceof Number && ((Number) st).longValue() == 0
                  ? " with no swap to move it to" : ""));
          break;
        default:
          p.add(x.name().replace('_', ' ') + " (" + g.get("percent") + " % of RAM)");
      }
    }
    return " Contributing: " + String.join("; ", p) + ".";
  }
}
