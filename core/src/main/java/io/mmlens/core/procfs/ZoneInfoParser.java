package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses /proc/zoneinfo of every era: 2.6.32 ({@code prev_priority}, {@code all_unreclaimable}),
 * 3.8+ {@code managed}, 4.8+ {@code per-node stats} blocks and {@code node_scanned}, 5.x {@code
 * boost}/{@code cma}, 6.x {@code promo} and pageset {@code high_min}/{@code high_max}. Pagesets are
 * skipped (per-CPU detail, not needed for watermark analysis).
 */
public final class ZoneInfoParser {

  private static final String[] HEADER_KEYS = {
    "boost", "min", "low", "high", "promo", "scanned", "node_scanned", "spanned", "present",
    "managed", "cma"
  };
  private static final String[] TRAILER_KEYS = {
    "all_unreclaimable", "node_unreclaimable", "prev_priority", "start_pfn", "inactive_ratio",
    "node_inactive_ratio", "reserved_highatomic", "free_highatomic"
  };
  private static final String[] REQUIRED = {"free", "min", "low", "high"};

  private static final int NONE = 0;
  private static final int NODE_STATS = 1;
  private static final int ZONE = 2;
  private static final int PAGESETS = 3;

  private ZoneInfoParser() {}

  public static Parsed<ZoneInfo> parse(CharSequence text, String sourceName) {
    return new ZoneInfoParser.Run(text, sourceName).run();
  }

  /** One parse: builders for the zone being read. */
  private static final class Run {
    final Text t;
    final String src;
    final List<Problem> problems = new ArrayList<>(0);
    final List<ZoneInfo.Zone> zones = new ArrayList<>(8);
    final Map<Integer, Counters> nodeStats = new LinkedHashMap<>();
    int state = NONE;
    int node = -1;
    String name;
    int zoneLine;
    int indexInNode;
    Counters.Builder header;
    Counters.Builder items;
    Counters.Builder trailer;
    Counters.Builder stats;
    long[] protection;

    Run(CharSequence text, String src) {
      this.t = new Text(text);
      this.src = src;
    }

    Parsed<ZoneInfo> run() {
      while (t.nextLine()) {
        if (t.blank()) {
          continue;
        }
        line();
      }
      finishZone();
      if (t.lastLineUnterminated()) {
        problems.add(
            new Problem(src, t.lineNo, Problem.Kind.TRUNCATED, "last line has no newline; the file may be cut off"));
      }
      if (zones.isEmpty() && problems.isEmpty()) {
        problems.add(new Problem(src, 0, Problem.Kind.MALFORMED, "no 'Node N, zone NAME' block"));
      }
      return Parsed.of(new ZoneInfo(zones, nodeStats), problems);
    }

    void line() {
      int indent = t.indent();
      t.pos = t.lineStart;
      t.skipSpaces();
      if (indent == 0 && t.eat("Node")) {
        startZone();
        return;
      }
      if (t.eat("per-node stats")) {
        if (state == NONE) {
          bad("'per-node stats' before any 'Node N, zone NAME' line");
          return;
        }
        state = NODE_STATS;
        stats = new Counters.Builder(64);
        return;
      }
      if (state == NONE) {
        bad("expected 'Node N, zone NAME', got '" + t.lineText() + "'");
        return;
      }
      if (t.eat("pages free")) {
        endNodeStats();
        state = ZONE;
        value(header, "free");
        return;
      }
      if (t.eat("protection:")) {
        endNodeStats();
        protection();
        return;
      }
      if (t.eat("pagesets")) {
        state = PAGESETS;
        return;
      }
      int a = t.pos;
      int b = t.tokenEnd();
      if (b > a && t.s.charAt(b - 1) == ':') {
        String key = keyIn(TRAILER_KEYS, a, b - 1);
        if (key != null) {
          t.pos = b;
          value(trailer, key);
          if (state == PAGESETS) {
            state = ZONE;
          }
        } else if (state != PAGESETS) {
          bad("unexpected line '" + t.lineText() + "'");
        }
        return;
      }
      if (state == PAGESETS) {
        return; // "vm stats threshold: N" and other per-CPU detail
      }
      String key = state == NODE_STATS ? null : keyIn(HEADER_KEYS, a, b);
      t.pos = b;
      if (key != null) {
        value(header, key);
      } else {
        value(state == NODE_STATS ? stats : items, Names.of(t.s, a, b));
      }
    }

    void startZone() {
      finishZone();
      long n = t.number();
      t.skipSpaces();
      t.eat(",");
      t.skipSpaces();
      if (n < 0 || n > Integer.MAX_VALUE || !t.eat("zone")) {
        bad("expected 'Node N, zone NAME', got '" + t.lineText() + "'");
        state = NONE;
        return;
      }
      String zn = t.token();
      if (zn == null) {
        bad("missing zone name");
        state = NONE;
        return;
      }
      if ((int) n != node) {
        indexInNode = 0;
      } else {
        indexInNode++;
      }
      node = (int) n;
      name = Names.of(zn, 0, zn.length());
      zoneLine = t.lineNo;
      header = new Counters.Builder(12);
      items = new Counters.Builder(32);
      trailer = new Counters.Builder(4);
      protection = null;
      state = ZONE;
    }

    void endNodeStats() {
      if (state == NODE_STATS) {
        nodeStats.put(node, stats.build());
        state = ZONE;
      }
    }

    void finishZone() {
      endNodeStats();
      if (name == null) {
        return;
      }
      Counters h = header.build();
      for (String r : REQUIRED) {
        if (!h.has(r)) {
          problems.add(
              new Problem(src, zoneLine, Problem.Kind.MALFORMED,
                  "Node " + node + " " + name + ": no '" + (r.equals("free") ? "pages free" : r) + "' line"));
        }
      }
      zones.add(
          new ZoneInfo.Zone(node, name, indexInNode, h, protection == null ? new long[0] : protection,
              items.build(), trailer.build()));
      name = null;
    }

    void protection() {
      t.skipSpaces();
      if (!t.eat("(")) {
        bad("expected '(' after 'protection:', got " + t.here());
        return;
      }
      long[] p = new long[8];
      int n = 0;
      while (true) {
        t.skipSpaces();
        if (t.eat(")")) {
          break;
        }
        long v = t.number();
        if (v < 0) {
          bad("protection entry " + n + ": " + BuddyInfoParser.describe(v, t));
          break;
        }
        if (n == p.length) {
          p = Arrays.copyOf(p, n * 2);
        }
        p[n++] = v;
        t.skipSpaces();
        if (!t.eat(",") && !(t.pos < t.lineEnd && t.s.charAt(t.pos) == ')')) {
          bad("protection: expected ',' or ')' after entry " + (n - 1) + ", got " + t.here());
          break;
        }
      }
      protection = Arrays.copyOf(p, n);
    }

    void value(Counters.Builder into, String key) {
      long v = t.number();
      if (v < 0 || !t.atEnd()) {
        bad("'" + key + "': " + (v < 0 ? BuddyInfoParser.describe(v, t) : "unexpected " + t.here()));
        if (v < 0) {
          return;
        }
      }
      into.put(key, v);
    }

    String keyIn(String[] keys, int a, int b) {
      for (String k : keys) {
        if (t.regionIs(a, b, k)) {
          return k;
        }
      }
      return null;
    }

    void bad(String msg) {
      problems.add(new Problem(src, t.lineNo, Problem.Kind.MALFORMED, msg));
    }
  }
}
