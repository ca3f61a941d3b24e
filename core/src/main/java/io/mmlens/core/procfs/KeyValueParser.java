package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code name value} and {@code Name: value [kB]} line files (vmstat, meminfo, cgroup
 * memory.events, memory.oom_control, memory.stat) into {@link Counters}, keeping every key.
 */
public final class KeyValueParser {

  private KeyValueParser() {}

  public static Parsed<Counters> parse(CharSequence text, String sourceName) {
    Text t = new Text(text);
    List<Problem> problems = new ArrayList<>(0);
    Counters.Builder b = new Counters.Builder(64);
    while (t.nextLine()) {
      if (t.blank()) {
        continue;
      }
      int a = t.tokenStart();
      int e = t.tokenEnd();
      int keyEnd = t.s.charAt(e - 1) == ':' ? e - 1 : e;
      if (keyEnd == a) {
        problems.add(new Problem(sourceName, t.lineNo, Problem.Kind.MALFORMED, "empty key in '" + t.lineText() + "'"));
        continue;
      }
      t.pos = e;
      String key = Names.of(t.s, a, keyEnd);
      long v = t.number();
      if (v == Text.NOT_A_NUMBER || v == Text.OVERFLOW) {
        problems.add(
            new Problem(sourceName, t.lineNo, Problem.Kind.MALFORMED, "'" + key + "': " + BuddyInfoParser.describe(v, t)));
        continue;
      }
      // Negative values are kept: some counters are signed (per-CPU drift in nr_* items).
      b.put(key, v);
      t.skipSpaces();
      if (t.eat("kB")) {
        t.skipSpaces();
      }
      if (!t.atEnd()) {
        problems.add(
            new Problem(sourceName, t.lineNo, Problem.Kind.MALFORMED, "'" + key + "': unexpected " + t.here()));
      }
    }
    if (t.lastLineUnterminated()) {
      problems.add(new Problem(sourceName, t.lineNo, Problem.Kind.TRUNCATED, "last line has no newline; the file may be cut off"));
    }
    return Parsed.of(b.build(), problems);
  }
}
