package io.mmlens.core.gfp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One decoded gfp mask: flags, {@code %pGg}-style form, highest zone, migratetype, alloc flags. */
public final class GfpDecoding {

  private final String printed;
  private final long mask;
  private final GfpEra era;
  private final String eraSource;
  private final List<String> flags;
  private final String symbolic;
  private final String zone;
  private final int zoneLevel;
  private final String migratetype;
  private final List<String> allocFlags;
  private final List<String> problems;

  GfpDecoding(String printed, long mask, GfpEra era, String eraSource, String symbolic,
      boolean hasHighMem, List<String> problems) {
    this.printed = printed;
    this.mask = mask;
    this.era = era;
    this.eraSource = eraSource;
    this.flags = Collections.unmodifiableList(era.flags(mask));
    this.symbolic = symbolic;
    int low = (int) (mask & 0xf);
    String z;
    int lvl;
    switch (low) {
      case 0x0: case 0x8: z = "Normal"; lvl = 2; break;
      case 0x1: case 0x9: z = "DMA"; lvl = 0; break;
      case 0x4: case 0xc: z = "DMA32"; lvl = 1; break;
      case 0x2: z = hasHighMem ? "HighMem" : "Normal"; lvl = hasHighMem ? 3 : 2; break;
      case 0xa: z = "Movable"; lvl = 4; break;
      default: z = null; lvl = -1; problems.add("invalid zone modifier combination 0x"
          + Integer.toHexString(low) + " (the kernel BUGs on it with DEBUG_VM)");
    }
    this.zone = z;
    this.zoneLevel = lvl;
    boolean movable = (mask & 0x8) != 0;
    boolean reclaimable = (mask & era.bit("RECLAIMABLE")) != 0;
    this.migratetype = movable && reclaimable ? null
        : movable ? "Movable" : reclaimable ? "Reclaimable" : "Unmovable";
    this.allocFlags = Collections.unmodifiableList(allocFlags(mask, era));
    this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
  }

  private static List<String> allocFlags(long mask, GfpEra era) {
    List<String> a = new ArrayList<>();
    boolean high = (mask & era.bit("HIGH")) != 0;
    boolean noMemalloc = (mask & era.bit("NOMEMALLOC")) != 0;
    if (era.bit("MEMALLOC") != 0 && (mask & era.bit("MEMALLOC")) != 0 && !noMemalloc) {
      a.add("ALLOC_NO_WATERMARKS");
    }
    if (era.column().compareTo("H") < 0) {
      if (high) {
        a.add("ALLOC_HIGH");
      }
      boolean harder = era.splitReclaim()
          ? (mask & era.bit("ATOMIC")) != 0 && !noMemalloc
          : (mask & era.bit("WAIT")) == 0;
      if (harder) {
        a.add("ALLOC_HARDER");
      }
    } else {
      if (high) {
        a.add("ALLOC_MIN_RESERVE");
      }
      if ((mask & era.bit("DIRECT_RECLAIM")) == 0 && !noMemalloc) {
        a.add("ALLOC_NON_BLOCK");
      }
    }
    if ((mask & 0x8) != 0 && era.column().compareTo("B") > 0) {
      a.add("ALLOC_CMA"); // movable requests may use CMA pageblocks (3.7+; spec 6.2)
    }
    return a;
  }

  /** The mask as printed ({@code 0x84d0} or with its symbolic suffix). */
  public String printed() {
    return printed;
  }

  public long mask() {
    return mask;
  }

  public GfpEra era() {
    return era;
  }

  /** {@code release}, {@code override} or {@code inferred:<reason>}. */
  public String eraSource() {
    return eraSource;
  }

  /** {@code __GFP_*} names set in the mask. */
  public List<String> flags() {
    return flags;
  }

  /** Kernel-style symbolic form, e.g. {@code GFP_KERNEL|__GFP_REPEAT|__GFP_ZERO}. */
  public String symbolic() {
    return symbolic;
  }

  /** Highest zone the request may use (kernel zone name), null for an invalid combination. */
  public String zone() {
    return zone;
  }

  /**
   * Rank of {@link #zone()} in fallback order: DMA 0, DMA32 1, Normal 2, HighMem 3, Movable 4
   * (-1 invalid); a zone is usable when its own rank is not higher.
   */
  public int zoneLevel() {
    return zoneLevel;
  }

  /** Rank of a zone name in the same order as {@link #zoneLevel()}, -1 when unknown. */
  public static int levelOf(String zoneName) {
    if (zoneName == null) {
      return -1;
    }
    switch (zoneName) {
      case "DMA": return 0;
      case "DMA32": return 1;
      case "Normal": return 2;
      case "HighMem": return 3;
      case "Movable": return 4;
      default: return -1;
    }
  }

  /** Unmovable, Reclaimable or Movable; null when both mobility bits are set (a kernel bug). */
  public String migratetype() {
    return migratetype;
  }

  /** Page-allocator ALLOC_* flags implied by the mask alone (no task context). */
  public List<String> allocFlags() {
    return allocFlags;
  }

  /** Whether {@code flag} ({@code __GFP_X} or {@code X}) is set. */
  public boolean has(String flag) {
    long b = era.bit(flag);
    return b != 0 && (mask & b) != 0;
  }

  /** Decoding remarks: symbolic/hex mismatch, unknown bits, invalid zone bits. */
  public List<String> problems() {
    return problems;
  }

  /** Snake-case tree for {@code request.gfp}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mask", printed);
    m.put("flags", new ArrayList<>(flags));
    m.put("symbolic", symbolic);
    m.put("zone", zone);
    m.put("migratetype", migratetype);
    m.put("alloc_flags", new ArrayList<>(allocFlags));
    m.put("era", era.column());
    m.put("era_source", eraSource);
    if (!problems.isEmpty()) {
      m.put("problems", new ArrayList<>(problems));
    }
    return m;
  }
}
