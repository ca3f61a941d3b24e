package io.mmlens.core.gfp;

import io.mmlens.core.KernelRelease;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gfp bit layout of one kernel release range (spec 5.2 columns A–H) with its composite masks
 * (spec 5.3), selected by version because one hex value decodes differently per era.
 */
public final class GfpEra {

  /**
   * Single flags in the order the kernel's {@code %pGg} name table lists them (gfpflags.h 4.x,
   * mmflags.h later; checked against torvalds/linux include/trace/events/gfpflags.h), with the
   * pre-4.6 names slotted where their successors sit, so our rendering matches printed logs.
   */
  private static final String[] SINGLE_ORDER = {
    "HIGH", "ATOMIC", "IO", "FS", "WAIT", "COLD", "NOWARN", "REPEAT", "RETRY_MAYFAIL", "NOFAIL",
    "NORETRY",
    "COMP", "ZERO", "NOMEMALLOC", "MEMALLOC", "HARDWALL", "THISNODE", "RECLAIMABLE", "MOVABLE",
    "ACCOUNT", "NOACCOUNT", "KMEMCG", "NOTRACK", "WRITE", "DIRECT_RECLAIM",
    "KSWAPD_RECLAIM", "NO_KSWAPD", "OTHER_NODE", "ZEROTAGS", "SKIP_ZERO", "SKIP_KASAN_UNPOISON",
    "SKIP_KASAN_POISON", "SKIP_KASAN", "NOLOCKDEP", "NO_OBJ_EXT", "DMA", "HIGHMEM", "DMA32"
  };

  private final String column;
  private final String label;
  private final Map<String, Long> singles; // name without __GFP_ -> bit
  private final Map<String, Long> composites; // GFP_* in %pGg order -> mask

  private GfpEra(String column, String label, Map<String, Long> singles) {
    this.column = column;
    this.label = label;
    this.singles = Collections.unmodifiableMap(singles);
    this.composites = Collections.unmodifiableMap(buildComposites());
  }

  /** The layout used by a release (vendor trees that deviate need an explicit override). */
  public static GfpEra forRelease(KernelRelease r) {
    Map<String, Long> m = new LinkedHashMap<>();
    put(m, "DMA", 0x1, "HIGHMEM", 0x2, "DMA32", 0x4, "MOVABLE", 0x8, "HIGH", 0x20, "IO", 0x40,
        "FS", 0x80);
    String col;
    if (!r.atLeast(4, 4)) {
      put(m, "WAIT", 0x10, "COLD", 0x100, "NOWARN", 0x200, "REPEAT", 0x400, "NOFAIL", 0x800,
          "NORETRY", 0x1000, "COMP", 0x4000, "ZERO", 0x8000, "NOMEMALLOC", 0x10000,
          "HARDWALL", 0x20000, "THISNODE", 0x40000, "RECLAIMABLE", 0x80000);
      if (!r.atLeast(2, 6, 38)) {
        col = "A";
      } else {
        col = r.atLeast(3, 15) ? "C" : "B";
        put(m, "NO_KSWAPD", 0x400000);
        if (r.atLeast(2, 6, 39)) {
          put(m, "OTHER_NODE", 0x800000);
        }
        if (r.atLeast(3, 3)) {
          put(m, "WRITE", 0x1000000);
        }
        if (r.atLeast(3, 6)) {
          put(m, "MEMALLOC", 0x2000);
        }
        if (r.atLeast(3, 8) && !r.atLeast(3, 15)) {
          put(m, "KMEMCG", 0x100000);
        }
        if (r.atLeast(4, 1)) {
          put(m, "NOACCOUNT", 0x100000);
        }
      }
      // NOTRACK (0x200000) only with CONFIG_KMEMCHECK: accepted when printed, left as hex otherwise.
    } else if (!r.atLeast(4, 15)) {
      put(m, "RECLAIMABLE", 0x10, "COLD", 0x100, "NOWARN", 0x200, "NOFAIL", 0x800,
          "NORETRY", 0x1000, "MEMALLOC", 0x2000, "COMP", 0x4000, "ZERO", 0x8000,
          "NOMEMALLOC", 0x10000, "HARDWALL", 0x20000, "THISNODE", 0x40000, "ATOMIC", 0x80000,
          "NOTRACK", 0x200000, "DIRECT_RECLAIM", 0x400000);
      put(m, r.atLeast(4, 13) ? "RETRY_MAYFAIL" : "REPEAT", 0x400);
      put(m, r.atLeast(4, 5) ? "ACCOUNT" : "NOACCOUNT", 0x100000);
      if (!r.atLeast(4, 11)) {
        col = "D";
        put(m, "OTHER_NODE", 0x800000, "WRITE", 0x1000000, "KSWAPD_RECLAIM", 0x2000000);
      } else {
        col = "E";
        put(m, "WRITE", 0x800000, "KSWAPD_RECLAIM", 0x1000000);
      }
    } else if (!r.atLeast(5, 1)) {
      col = "F";
      put(m, "RECLAIMABLE", 0x10, "WRITE", 0x100, "NOWARN", 0x200, "RETRY_MAYFAIL", 0x400,
          "NOFAIL", 0x800, "NORETRY", 0x1000, "MEMALLOC", 0x2000, "COMP", 0x4000,
          "ZERO", 0x8000, "NOMEMALLOC", 0x10000, "HARDWALL", 0x20000, "THISNODE", 0x40000,
          "ATOMIC", 0x80000, "ACCOUNT", 0x100000, "DIRECT_RECLAIM", 0x200000,
          "KSWAPD_RECLAIM", 0x400000);
    } else {
      col = r.atLeast(6, 3) ? "H" : "G";
      put(m, "RECLAIMABLE", 0x10, "ZERO", 0x100, "DIRECT_RECLAIM", 0x400,
          "KSWAPD_RECLAIM", 0x800, "WRITE", 0x1000, "NOWARN", 0x2000, "RETRY_MAYFAIL", 0x4000,
          "NOFAIL", 0x8000, "NORETRY", 0x10000, "MEMALLOC", 0x20000, "COMP", 0x40000,
          "NOMEMALLOC", 0x80000, "HARDWALL", 0x100000, "THISNODE", 0x200000,
          "ACCOUNT", 0x400000);
      if (col.equals("G")) {
        put(m, "ATOMIC", 0x200);
      }
      // 0x800000 is NOLOCKDEP (CONFIG_LOCKDEP only) before ZEROTAGS arrived; bits above are
      // config-dependent (KASAN_HW_TAGS, LOCKDEP, SLAB_OBJ_EXT): decoded only from printed names.
      if (r.atLeast(5, 14)) {
        put(m, "ZEROTAGS", 0x800000);
      }
    }
    String label = col + (r.atLeast(6, 10) ? " (6.10+ enum form)" : "") + " for " + r.text();
    return new GfpEra(col, label, m);
  }

  private static void put(Map<String, Long> m, Object... kv) {
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
    }
  }

  private long bits(String... names) {
    long v = 0;
    for (String n : names) {
      Long b = singles.get(n);
      if (b == null) {
        return -1;
      }
      v |= b;
    }
    return v;
  }

  private Map<String, Long> buildComposites() {
    Map<String, Long> c = new LinkedHashMap<>();
    boolean old = singles.containsKey("WAIT");
    long reclaim = old ? bits("WAIT") : bits("DIRECT_RECLAIM", "KSWAPD_RECLAIM");
    long kernel = reclaim | bits("IO", "FS");
    long user = kernel | bits("HARDWALL");
    long hum = user | bits("HIGHMEM", "MOVABLE");
    if (old) {
      if (singles.containsKey("NO_KSWAPD")) {
        c.put("GFP_TRANSHUGE", hum | bits("COMP", "NOMEMALLOC", "NORETRY", "NOWARN", "NO_KSWAPD"));
      }
    } else {
      long light = (hum & ~reclaim) | bits("COMP", "NOMEMALLOC", "NOWARN");
      c.put("GFP_TRANSHUGE", light | bits("DIRECT_RECLAIM"));
      c.put("GFP_TRANSHUGE_LIGHT", light);
    }
    c.put("GFP_HIGHUSER_MOVABLE", hum);
    c.put("GFP_HIGHUSER", user | bits("HIGHMEM"));
    c.put("GFP_USER", user);
    if (column.compareTo("E") <= 0) {
      c.put("GFP_TEMPORARY", kernel | bits("RECLAIMABLE"));
    }
    if (singles.containsKey("ACCOUNT")) {
      c.put("GFP_KERNEL_ACCOUNT", kernel | bits("ACCOUNT"));
    }
    c.put("GFP_KERNEL", kernel);
    c.put("GFP_NOFS", reclaim | bits("IO"));
    long high = bits("HIGH");
    c.put("GFP_ATOMIC", old ? high
        : high | bits("KSWAPD_RECLAIM") | (singles.containsKey("ATOMIC") ? bits("ATOMIC") : 0));
    c.put("GFP_NOIO", reclaim);
    if (!old) {
      c.put("GFP_NOWAIT", bits("KSWAPD_RECLAIM"));
    }
    c.put("GFP_DMA", bits("DMA"));
    c.put("GFP_DMA32", bits("DMA32"));
    c.put("__GFP_RECLAIM", old ? -1L : reclaim);
    c.values().removeIf(v -> v <= 0);
    return c;
  }

  /** Spec 5.2 column letter, A (2.6.32) to H (6.3+). */
  public String column() {
    return column;
  }

  /** Human label such as {@code B for 3.2.59}. */
  public String label() {
    return label;
  }

  /** Bit of a single flag ({@code "ZERO"} or {@code "__GFP_ZERO"}), or 0 when this era lacks it. */
  public long bit(String name) {
    Long b = singles.get(strip(name));
    if (b == null && strip(name).equals("NOTRACK") && column.compareTo("F") < 0) {
      b = 0x200000L; // CONFIG_KMEMCHECK kernels print it; the bit is fixed where it exists
    }
    return b == null ? 0 : b;
  }

  /** Mask of a composite ({@code GFP_KERNEL}), or -1 when this era has no such composite. */
  public long composite(String name) {
    Long v = composites.get(name);
    return v == null ? -1 : v;
  }

  /** Whether the bits 4.4+ introduced (separate direct/kswapd reclaim) are in use. */
  public boolean splitReclaim() {
    return !singles.containsKey("WAIT");
  }

  /** Single flag names present in {@code mask}, {@code __GFP_} prefixed, in bit order. */
  public List<String> flags(long mask) {
    List<String> out = new ArrayList<>();
    for (int bit = 0; bit < 63; bit++) {
      long b = 1L << bit;
      if ((mask & b) != 0) {
        String n = nameOf(b);
        if (n != null) {
          out.add("__GFP_" + n);
        }
      }
    }
    return out;
  }

  /** Bits of {@code mask} this era has no name for. */
  public long unknownBits(long mask) {
    long known = 0;
    for (long b : singles.values()) {
      known |= b;
    }
    return mask & ~known;
  }

  private String nameOf(long bit) {
    for (Map.Entry<String, Long> e : singles.entrySet()) {
      if (e.getValue() == bit) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Kernel-style {@code %pGg} rendering: composites first, then singles, leftovers as hex. */
  public String symbolic(long mask) {
    StringBuilder sb = new StringBuilder();
    long rest = mask;
    for (Map.Entry<String, Long> e : composites.entrySet()) {
      if (e.getKey().equals("__GFP_RECLAIM")) {
        continue; // listed after the single flags by the kernel
      }
      long v = e.getValue();
      if ((rest & v) == v) {
        append(sb, e.getKey());
        rest &= ~v;
      }
    }
    for (String n : SINGLE_ORDER) {
      if (n.equals("DIRECT_RECLAIM") && composites.containsKey("__GFP_RECLAIM")) {
        long v = composites.get("__GFP_RECLAIM");
        if ((rest & v) == v) {
          append(sb, "__GFP_RECLAIM");
          rest &= ~v;
        }
      }
      Long b = singles.get(n);
      if (b != null && (rest & b) != 0) {
        append(sb, "__GFP_" + n);
        rest &= ~b;
      }
    }
    if (rest != 0 || sb.length() == 0) {
      append(sb, "0x" + Long.toHexString(rest));
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String s) {
    if (sb.length() > 0) {
      sb.append('|');
    }
    sb.append(s);
  }

  static String strip(String name) {
    return name.startsWith("__GFP_") ? name.substring(6) : name;
  }

  @Override
  public String toString() {
    return label;
  }
}
