package io.mmlens.core.kmsg;

import io.mmlens.core.Problem;
import io.mmlens.core.zone.ZoneState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects zone lines, lowmem_reserve lines and buddy lines of a Mem-Info dump and joins them
 * into {@link LogZone}s once the page size (from the first buddy label) is known.
 *
 * <p>Zone index rule (lowmem_reserve column j is indexed by zone index): a dump with a DMA32 zone
 * is 64-bit (DMA 0, DMA32 1, Normal 2, Movable 3, Device 4), and so is one whose reserve lines
 * have 5+ columns (ZONE_DEVICE exists only on 64-bit); a dump with HighMem, or without DMA32 and
 * with at most 4 columns, uses the 32-bit layout (DMA 0, Normal 1, HighMem 2, Movable 3). Evidence: seeds 001/002
 * (32-bit, 4 reserve columns DMA/Normal/HighMem/Movable) and 000/003/004 (64-bit, 4 columns
 * DMA/DMA32/Normal/Movable); Device is only ever the last column.
 */
final class ZoneWork {

  private static final class Z {
    Integer node;
    String name;
    int line;
    boolean hasLine;
    final Map<String, Long> kb = new LinkedHashMap<>();
    final Map<String, String> text = new LinkedHashMap<>();
    long[] reserve;
    long[] blocks;
    String[] types;
    long buddyTotal = -1;
    int labelKb;
  }

  private final List<Z> zones = new ArrayList<>();
  private Z lastLine;

  private Z find(Integer node, String name) {
    for (Z z : zones) {
      if (z.name.equals(name) && (z.node == null ? node == null : z.node.equals(node))) {
        return z;
      }
    }
    Z z = new Z();
    z.node = node;
    z.name = name;
    zones.add(z);
    return z;
  }

  /** A "Node N ..." or zone-name line: zone line, buddy line, node line or hugepages. */
  boolean zoneOrBuddy(KernelReport.Draft d, String t, int ln, String source) {
    int i = 0;
    Integer node = null;
    if (t.startsWith("Node ")) {
      long n = Scan.number(t, 5);
      if (n == Scan.NONE) {
        return false;
      }
      node = (int) n;
      i = ReportParser.skipSpaces(t, Scan.numberEnd(t, 5));
    }
    int w = i;
    while (w < t.length() && Character.isLetterOrDigit(t.charAt(w))) {
      w++;
    }
    String name = t.substring(i, w);
    if (!Scan.isZoneName(name)) {
      if (node != null && t.startsWith("hugepages_total=", i)) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("node", node);
        h.put("total", Scan.after(t, "hugepages_total="));
        h.put("free", Scan.after(t, "hugepages_free="));
        h.put("surp", Scan.after(t, "hugepages_surp="));
        h.put("size_kb", Scan.after(t, "hugepages_size="));
        d.hugepages.add(h);
        return true;
      }
      if (node != null && t.indexOf(':', i) > 0) { // 4.8+ node line
        Map<String, Object> m = new LinkedHashMap<>();
        ReportParser.kv(t.substring(i), ':', m);
        int q = t.indexOf("all_unreclaimable? ");
        if (q > 0) {
          m.put("all_unreclaimable", t.startsWith("yes", q + 19));
        }
        d.nodes.put(String.valueOf(node), m);
        return true;
      }
      return false;
    }
    if (t.startsWith(": ", w)) {
      buddy(find(node, name), t, w + 2, ln, d, source);
      return true;
    }
    if (t.startsWith(" free:", w)) {
      Z z = find(node, name);
      z.hasLine = true;
      z.line = ln;
      String rest = t.substring(w + 1);
      ReportParser.kv(rest, ':', z.kb);
      int q = rest.indexOf("all_unreclaimable? ");
      if (q >= 0) {
        z.text.put("all_unreclaimable?", rest.substring(q + 19).trim());
      }
      if (!z.kb.containsKey("min") || !z.kb.containsKey("low") || !z.kb.containsKey("high")) {
        d.errors.add(new Problem(source, ln, Problem.Kind.MALFORMED,
            "zone line for " + name + " lacks min/low/high: " + ReportParser.clip(t)));
      }
      lastLine = z;
      return true;
    }
    return false; // "Normal per-cpu:" and the like
  }

  void reserve(String t, int ln, KernelReport.Draft d, String source) {
    List<Long> v = new ArrayList<>();
    int i = ReportParser.skipSpaces(t, 17);
    while (i < t.length()) {
      long n = Scan.number(t, i);
      if (n == Scan.NONE) {
        d.errors.add(new Problem(source, ln, Problem.Kind.MALFORMED,
            "lowmem_reserve[]: expected numbers, got '" + ReportParser.clip(t.substring(i)) + "'"));
        break;
      }
      v.add(n);
      i = ReportParser.skipSpaces(t, Scan.numberEnd(t, i));
    }
    long[] a = new long[v.size()];
    for (int k = 0; k < a.length; k++) {
      a[k] = v.get(k);
    }
    if (lastLine == null) {
      // seed 002: the HighMem zone line was lost but its reserve line survived; keep it as orphan
      d.errors.add(new Problem(source, ln, Problem.Kind.TRUNCATED, "lowmem_reserve[] line without its zone line"));
      return;
    }
    if (lastLine.reserve != null) {
      d.errors.add(new Problem(source, ln, Problem.Kind.TRUNCATED,
          "second lowmem_reserve[] line after the " + lastLine.name + " zone line: a zone line is missing"));
      return;
    }
    lastLine.reserve = a;
  }

  private static void buddy(Z z, String t, int from, int ln, KernelReport.Draft d, String source) {
    List<Long> counts = new ArrayList<>();
    List<String> types = new ArrayList<>();
    boolean anyTypes = false;
    int i = from;
    int n = t.length();
    while (i < n) {
      i = ReportParser.skipSpaces(t, i);
      if (i >= n) {
        break;
      }
      if (t.charAt(i) == '=') {
        z.buddyTotal = Scan.number(t, ReportParser.skipSpaces(t, i + 1));
        break;
      }
      long c = Scan.number(t, i);
      int e = Scan.numberEnd(t, i);
      if (c == Scan.NONE || e >= n || t.charAt(e) != '*') {
        d.errors.add(new Problem(source, ln, Problem.Kind.MALFORMED,
            "buddy line for " + z.name + ": expected count*sizekB at column " + (i + 1) + ": " + ReportParser.clip(t)));
        break;
      }
      long size = Scan.number(t, e + 1);
      if (counts.isEmpty() && size > 0) {
        z.labelKb = (int) size;
      }
      counts.add(c);
      i = e + 1;
      while (i < n && t.charAt(i) != ' ') {
        i++;
      }
      int j = ReportParser.skipSpaces(t, i);
      if (j < n && t.charAt(j) == '(') {
        int close = t.indexOf(')', j);
        types.add(close < 0 ? t.substring(j + 1) : t.substring(j + 1, close));
        anyTypes = true;
        i = close < 0 ? n : close + 1;
      } else {
        types.add("");
      }
    }
    z.blocks = new long[counts.size()];
    for (int k = 0; k < counts.size(); k++) {
      z.blocks[k] = counts.get(k);
    }
    z.types = anyTypes ? types.toArray(new String[0]) : null;
    if (z.line == 0) {
      z.line = ln;
    }
  }

  void finish(KernelReport.Draft d, String source) {
    int pageKb = 0;
    for (Z z : zones) {
      if (z.labelKb > 0) {
        pageKb = z.labelKb;
        break;
      }
    }
    d.pageSize = (pageKb > 0 ? pageKb : 4) * 1024;
    d.pageSizeSource = pageKb > 0 ? "buddy_label" : "assumed";
    boolean has32 = false;
    boolean highmem = false;
    for (Z z : zones) {
      has32 |= z.name.equals("DMA32");
      highmem |= z.name.equals("HighMem");
    }
    int cols = 0;
    for (Z z : zones) {
      cols = Math.max(cols, z.reserve == null ? 0 : z.reserve.length);
    }
    // 5+ columns = DMA, DMA32, Normal, Movable, Device: only 64-bit kernels have ZONE_DEVICE.
    boolean bits32 = highmem || (!has32 && cols < 5);
    int pk = d.pageSize / 1024;
    for (Z z : zones) {
      ZoneState.Builder b = ZoneState.builder(z.name).node(z.node).pageSize(d.pageSize)
          .zoneIndex(index(z.name, bits32));
      Long free = z.kb.get("free");
      if (free != null) {
        b.free(free / pk);
      } else if (z.buddyTotal >= 0) {
        b.free(z.buddyTotal / pk);
      }
      if (z.hasLine) {
        b.min(val(z, "min") / pk).low(val(z, "low") / pk).high(val(z, "high") / pk);
        if (z.kb.containsKey("boost")) b.boost(z.kb.get("boost") / pk);
        if (z.kb.containsKey("managed")) b.managed(z.kb.get("managed") / pk);
        if (z.kb.containsKey("present")) b.present(z.kb.get("present") / pk);
        if (z.kb.containsKey("free_cma")) b.freeCma(z.kb.get("free_cma") / pk);
        if (z.kb.containsKey("reserved_highatomic")) {
          b.reservedHighatomic(z.kb.get("reserved_highatomic") / pk);
        }
      }
      if (z.reserve != null) b.protection(z.reserve);
      if (z.blocks != null) b.freeBlocks(z.blocks);
      if (z.types != null) b.blockTypes(z.types);
      d.zones.add(new LogZone(b.build(), z.hasLine, z.kb, z.text, z.buddyTotal, z.line));
    }
  }

  private static long val(Z z, String k) {
    Long v = z.kb.get(k);
    return v == null ? 0 : v;
  }

  static int index(String name, boolean bits32) {
    switch (name) {
      case "DMA": return 0;
      case "DMA32": return 1;
      case "Normal": return bits32 ? 1 : 2;
      case "HighMem": return 2;
      case "Movable": return 3;
      case "Device": return bits32 ? 4 : 4;
      default: return -1;
    }
  }
}
