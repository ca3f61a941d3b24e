package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses /proc/buddyinfo ({@code Node 0, zone   Normal  1050  796 ...}); also the squashed
 * {@code Node 0,zone      DMA} form seen in copied reports. Column count is whatever is printed.
 */
public final class BuddyInfoParser {

  private BuddyInfoParser() {}

  public static Parsed<BuddyInfo> parse(CharSequence text, String sourceName) {
    List<BuddyInfo.Zone> zones = new ArrayList<>(4);
    List<Problem> problems = new ArrayList<>(0);
    Text t = new Text(text);
    long[] row = new long[32];
    while (t.nextLine()) {
      if (t.blank()) {
        continue;
      }
      t.skipSpaces();
      if (!t.eat("Node")) {
        problems.add(bad(sourceName, t, "expected 'Node N, zone NAME counts...', got '" + t.lineText() + "'"));
        continue;
      }
      long node = t.number();
      if (node < 0 || node > Integer.MAX_VALUE) {
        problems.add(bad(sourceName, t, "expected a node number after 'Node', got " + t.here()));
        continue;
      }
      t.skipSpaces();
      t.eat(",");
      t.skipSpaces();
      if (!t.eat("zone")) {
        problems.add(bad(sourceName, t, "expected 'zone' after the node number, got " + t.here()));
        continue;
      }
      String zone = t.token();
      if (zone == null) {
        problems.add(bad(sourceName, t, "missing zone name"));
        continue;
      }
      int n = 0;
      boolean ok = true;
      while (!t.atEnd()) {
        long v = t.number();
        if (v < 0 || (t.pos < t.lineEnd && !Text.isSpace(t.s.charAt(t.pos)))) {
          problems.add(
              bad(sourceName, t, "order " + n + " of Node " + node + " " + zone + ": " + describe(v, t)));
          ok = false;
          break;
        }
        if (n == row.length) {
          row = java.util.Arrays.copyOf(row, n * 2);
        }
        row[n++] = v;
      }
      if (n == 0 && ok) {
        problems.add(bad(sourceName, t, "no free-block counts for Node " + node + " " + zone));
        continue;
      }
      if (n == 0) {
        continue;
      }
      if (!zones.isEmpty() && zones.get(0).orders() != n && ok) {
        problems.add(
            bad(
                sourceName,
                t,
                "Node " + node + " " + zone + " has " + n + " orders, earlier lines have "
                    + zones.get(0).orders()));
      }
      zones.add(new BuddyInfo.Zone((int) node, zone, java.util.Arrays.copyOf(row, n)));
    }
    return Parsed.of(new BuddyInfo(zones), problems);
  }

  /** Explains why the number at the cursor was refused. */
  static String describe(long v, Text t) {
    if (v == Text.OVERFLOW) {
      return "number too large";
    }
    if (v == Text.NOT_A_NUMBER) {
      return "expected a number, got " + t.here();
    }
    if (v < 0) {
      return "negative count " + v;
    }
    return "expected a number, got " + t.here();
  }

  private static Problem bad(String source, Text t, String msg) {
    return new Problem(source, t.lineNo, Problem.Kind.MALFORMED, msg);
  }
}
