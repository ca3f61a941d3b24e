package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses /proc/pagetypeinfo (2.6.24+ layouts, including the 5.4+ {@code >100000} caps). */
public final class PageTypeInfoParser {

  private PageTypeInfoParser() {}

  public static Parsed<PageTypeInfo> parse(CharSequence text, String src) {
    Text t = new Text(text);
    List<Problem> problems = new ArrayList<>(0);
    int blockOrder = -1;
    long perBlock = -1;
    List<PageTypeInfo.FreeRow> free = new ArrayList<>(16);
    List<String> types = new ArrayList<>(6);
    List<PageTypeInfo.BlockRow> blocks = new ArrayList<>(4);
    List<PageTypeInfo.BlockRow> mixed = new ArrayList<>(0);
    List<PageTypeInfo.BlockRow> table = null; // which block table rows go to
    long[] row = new long[32];
    while (t.nextLine()) {
      if (t.blank()) {
        continue;
      }
      t.skipSpaces();
      if (t.eat("Page block order:")) {
        long v = t.number();
        blockOrder = v < 0 || v > 64 ? -1 : (int) v;
        if (blockOrder < 0) {
          problems.add(bad(src, t, "'Page block order': " + BuddyInfoParser.describe(v, t)));
        }
      } else if (t.eat("Pages per block:")) {
        perBlock = t.number();
        if (perBlock < 0) {
          problems.add(bad(src, t, "'Pages per block': " + BuddyInfoParser.describe(perBlock, t)));
          perBlock = -1;
        }
      } else if (t.eat("Free pages count per migrate type")) {
        table = null;
      } else if (t.eat("Number of blocks type")) {
        table = blocks;
        types.clear();
        String ty;
        while ((ty = t.token()) != null) {
          types.add(Names.of(ty, 0, ty.length()));
        }
      } else if (t.eat("Number of mixed blocks")) {
        table = mixed;
      } else if (t.eat("Node")) {
        long node = t.number();
        t.skipSpaces();
        t.eat(",");
        t.skipSpaces();
        if (node < 0 || node > Integer.MAX_VALUE || !t.eat("zone")) {
          problems.add(bad(src, t, "expected 'Node N, zone NAME', got '" + t.lineText() + "'"));
          continue;
        }
        String zone = t.token();
        String type = null;
        if (zone != null && zone.endsWith(",")) {
          zone = zone.substring(0, zone.length() - 1);
          t.skipSpaces();
          if (!t.eat("type")) {
            problems.add(bad(src, t, "expected 'type' after the zone, got " + t.here()));
            continue;
          }
          type = t.token();
        }
        if (zone == null || (type == null && table == null)) {
          problems.add(bad(src, t, "incomplete row '" + t.lineText() + "'"));
          continue;
        }
        int n = 0;
        long capped = 0;
        boolean ok = true;
        while (!t.atEnd()) {
          boolean cap = t.eat(">");
          long v = t.number();
          if (v < 0 || (t.pos < t.lineEnd && !Text.isSpace(t.s.charAt(t.pos)))) {
            problems.add(bad(src, t, "column " + n + " of Node " + node + " " + zone
                + (type == null ? "" : " " + type) + ": " + BuddyInfoParser.describe(v, t)));
            ok = false;
            break;
          }
          if (n == row.length) {
            row = Arrays.copyOf(row, n * 2);
          }
          if (cap && n < 64) {
            capped |= 1L << n;
          }
          row[n++] = v;
        }
        long[] counts = Arrays.copyOf(row, n);
        String zn = Names.of(zone, 0, zone.length());
        if (type != null) {
          free.add(new PageTypeInfo.FreeRow((int) node, zn, Names.of(type, 0, type.length()), counts, capped));
        } else {
          if (ok && n != types.size()) {
            problems.add(bad(src, t, "Node " + node + " " + zone + " has " + n + " block counts for "
                + types.size() + " types"));
          }
          table.add(new PageTypeInfo.BlockRow((int) node, zn, counts));
        }
      } else {
        problems.add(bad(src, t, "unexpected line '" + t.lineText() + "'"));
      }
    }
    if (t.lastLineUnterminated()) {
      problems.add(new Problem(src, t.lineNo, Problem.Kind.TRUNCATED, "last line has no newline; the file may be cut off"));
    }
    return Parsed.of(new PageTypeInfo(blockOrder, perBlock, free, types, blocks, mixed), problems);
  }

  private static Problem bad(String src, Text t, String msg) {
    return new Problem(src, t.lineNo, Problem.Kind.MALFORMED, msg);
  }
}
