package io.mmlens.core.gfp;

import io.mmlens.core.KernelRelease;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a printed gfp mask ({@code 0x84d0}, {@code 0xcc0(GFP_KERNEL)}, or bare symbolic text)
 * with the flag table of the right era: override first, then the report's release, else inferred.
 */
public final class GfpDecoder {

  /** Representative release of each era, used when the release must be inferred. */
  private static final KernelRelease[] ERA_REPS = {
    KernelRelease.of(6, 6, 0), KernelRelease.of(5, 15, 0), KernelRelease.of(4, 19, 0),
    KernelRelease.of(4, 14, 0), KernelRelease.of(4, 9, 0), KernelRelease.of(3, 10, 0)
  };

  private static final String[] WELL_KNOWN = {
    "GFP_KERNEL", "GFP_HIGHUSER_MOVABLE", "GFP_ATOMIC", "GFP_NOFS", "GFP_NOIO", "GFP_USER",
    "GFP_HIGHUSER", "GFP_KERNEL_ACCOUNT", "GFP_TRANSHUGE", "GFP_TRANSHUGE_LIGHT"
  };

  private GfpDecoder() {}

  /**
   * @param printed the mode text after {@code mode:}/{@code gfp_mask=}
   * @param release release from the report, may be null
   * @param override explicit {@code --kernel}/{@code kernel_release}, wins when non-null
   * @param hasHighMem true on 32-bit kernels that have a HighMem zone (dump shows one)
   * @return null when no mask or name can be read at all
   */
  public static GfpDecoding decode(String printed, KernelRelease release, KernelRelease override,
      boolean hasHighMem) {
    if (printed == null) {
      return null;
    }
    String s = printed.trim();
    long hex = -1;
    String names = null;
    int i = 0;
    if (s.startsWith("0x") || s.startsWith("0X")) {
      i = 2;
      long v = 0;
      while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0 && i < 18) {
        v = (v << 4) | Character.digit(s.charAt(i), 16);
        i++;
      }
      if (i > 2) {
        hex = v;
      }
      int open = s.indexOf('(', i);
      int close = s.lastIndexOf(')');
      if (open >= 0 && close > open) {
        names = s.substring(open + 1, close);
      }
    } else if (s.startsWith("GFP_") || s.startsWith("__GFP_")) {
      names = s;
    }
    if (hex < 0 && names == null) {
      return null;
    }
    if (names != null && (names.isEmpty() || names.equals("none"))) {
      names = null;
    }
    List<String> problems = new ArrayList<>();
    GfpEra era;
    String source;
    if (override != null) {
      era = GfpEra.forRelease(override);
      source = "override";
    } else if (release != null) {
      era = GfpEra.forRelease(release);
      source = "release";
    } else {
      String[] why = new String[1];
      era = infer(hex, names, why);
      source = "inferred:" + why[0];
    }
    long mask = hex;
    String symbolic;
    if (names != null) {
      long fromNames = expand(names, era, problems);
      if (hex >= 0 && fromNames != hex) {
        problems.add("symbolic " + names + " = 0x" + Long.toHexString(fromNames)
            + " under era " + era.column() + " but hex is 0x" + Long.toHexString(hex));
      }
      if (hex < 0) {
        mask = fromNames;
      }
      symbolic = names; // the kernel's own text is authoritative
    } else {
      symbolic = era.symbolic(mask);
    }
    long unknown = era.unknownBits(mask);
    if (unknown != 0 && names == null) {
      problems.add("bits 0x" + Long.toHexString(unknown) + " have no name in era " + era.column()
          + " (config-dependent or vendor flags)");
    }
    return new GfpDecoding(printed, mask, era, source, symbolic, hasHighMem, problems);
  }

  /** OR of the names' bits under {@code era}; unknown names are reported. */
  static long expand(String names, GfpEra era, List<String> problems) {
    long v = 0;
    int start = 0;
    for (int i = 0; i <= names.length(); i++) {
      if (i == names.length() || names.charAt(i) == '|') {
        String n = names.substring(start, i).trim();
        start = i + 1;
        if (n.isEmpty()) {
          continue;
        }
        if (n.startsWith("0x")) {
          try {
            v |= Long.parseUnsignedLong(n.substring(2), 16);
          } catch (NumberFormatException e) {
            problems.add("bad hex " + n + " in symbolic gfp text");
          }
          continue;
        }
        long c = era.composite(n);
        if (c < 0 && n.startsWith("GFP_")) {
          c = era.bit("__" + n); // the 4.6 commit message prints GFP_ZERO for __GFP_ZERO
        }
        if (c <= 0 && n.startsWith("__GFP_")) {
          c = era.bit(n);
        }
        if (c <= 0) {
          problems.add("gfp name " + n + " unknown in era " + era.column());
        } else {
          v |= c;
        }
      }
    }
    return v;
  }

  private static GfpEra infer(long hex, String names, String[] why) {
    if (names != null && hex >= 0) {
      for (KernelRelease r : ERA_REPS) {
        GfpEra e = GfpEra.forRelease(r);
        if (!r.atLeast(4, 6)) {
          break;
        }
        List<String> p = new ArrayList<>();
        if (expand(names, e, p) == hex && p.isEmpty()) {
          why[0] = "symbolic names match era " + e.column();
          return e;
        }
      }
    }
    if (names != null) {
      why[0] = "symbolic names printed (4.6+)";
      return GfpEra.forRelease(KernelRelease.of(5, 15, 0));
    }
    // A mask equal to a well-known composite of exactly one era's table names that era.
    if (hex > 0x4) {
      for (KernelRelease r : ERA_REPS) {
        GfpEra e = GfpEra.forRelease(r);
        for (String c : WELL_KNOWN) {
          if (e.composite(c) == hex) {
            why[0] = "mask equals " + c + " of era " + e.column();
            return e;
          }
        }
      }
    }
    // Reclaim bits of GFP_KERNEL-like masks are era signatures (spec 5.1).
    if ((hex & 0x2400000L) == 0x2400000L) {
      why[0] = "reclaim bits 0x2400000 (4.4-4.10 layout)";
      return GfpEra.forRelease(KernelRelease.of(4, 9, 0));
    }
    if ((hex & 0x1400000L) == 0x1400000L) {
      why[0] = "reclaim bits 0x1400000 (4.11-4.14 layout)";
      return GfpEra.forRelease(KernelRelease.of(4, 14, 0));
    }
    if ((hex & 0x600000L) == 0x600000L) {
      why[0] = "reclaim bits 0x600000 (4.15-5.0 layout)";
      return GfpEra.forRelease(KernelRelease.of(4, 19, 0));
    }
    if ((hex & 0xc00L) == 0xc00L && (hex & 0x10L) == 0) {
      why[0] = "reclaim bits 0xc00 (5.1+ layout)";
      return GfpEra.forRelease(KernelRelease.of(5, 15, 0));
    }
    why[0] = "hex only, no 4.4+ reclaim bits (pre-4.4 layout)";
    return GfpEra.forRelease(KernelRelease.of(3, 10, 0));
  }
}
