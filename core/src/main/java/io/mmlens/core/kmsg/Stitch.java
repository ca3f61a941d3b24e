package io.mmlens.core.kmsg;

/**
 * Repairs of lines that transport damaged: rejoining wrapped lines and the 5.0-era split {@code
 * oom-kill:} record, and splitting two buddy lines that were run together.
 */
final class Stitch {

  private Stitch() {}

  /**
   * Whether {@code text} continues the previous report line rather than being a line of its own.
   * Only an unrecognised line after a long (wrappable) line qualifies, and only if it is indented
   * (a blog's or terminal's wrap, seed 004) or unprefixed in a log whose lines carry prefixes (a
   * fixed-width cut that continues at column 0, seed 002).
   */
  static boolean joins(LineKind last, LineKind kind, String text, boolean prefixed,
      boolean lastPrefixed) {
    if (last == null) {
      return false;
    }
    if (kind == LineKind.OOM_KILL_FRAGMENT) {
      return last == LineKind.OOM_KILL_SUMMARY;
    }
    if (kind == LineKind.MEMCG_TASK_IN && last == LineKind.MEMCG_TASK_IN) {
      // 4.x pr_cont pieces: "Task in /a" then " killed as a result of limit of /a"
      return text.trim().startsWith("killed as a result of limit of ");
    }
    if (kind != LineKind.OTHER || !last.isWrappable() || prefixed && !text.isEmpty() && !blank(text.charAt(0))) {
      return false;
    }
    return (!text.isEmpty() && blank(text.charAt(0))) || (!prefixed && lastPrefixed);
  }

  /** Replaces the report's last line by itself joined with {@code text}. */
  static void joinLast(OpenReport r, String text, LineKind kind, int maxChars) {
    if (r.lines.isEmpty() || r.emitted) {
      return;
    }
    int idx = r.lines.size() - 1;
    LogLine last = r.lines.get(idx);
    String a = last.text();
    String joined;
    if (kind == LineKind.OOM_KILL_FRAGMENT) {
      joined = a + text;
    } else if (!text.isEmpty() && blank(text.charAt(0))) {
      String t = text.trim();
      joined = a.isEmpty() || blank(a.charAt(a.length() - 1)) ? a + t : a + " " + t;
    } else {
      joined = a + text; // cut at a fixed width, possibly mid-word: no separator
    }
    if (joined.length() > maxChars) {
      joined = joined.substring(0, maxChars);
    }
    r.lines.set(idx, withText(last, joined));
  }

  /**
   * Index where a second buddy line starts inside {@code text} ({@code ... = 15908kB Node 0
   * DMA32: 1101*4kB ...}, seed 003), or -1.
   */
  static int buddyRunTogether(String text) {
    int eq = text.indexOf(" = ");
    if (eq < 0) {
      return -1;
    }
    int d = Text.skipDigits(text, eq + 3);
    if (d == eq + 3 || !text.startsWith("kB", d)) {
      return -1;
    }
    int n = Text.skipSpaces(text, d + 2);
    if (n >= text.length()) {
      return -1;
    }
    int z = Text.zoneEnd(text, n);
    return z > 0 && text.startsWith(": ", z) ? n : -1;
  }

  static LogLine withText(LogLine l, String text) {
    return new LogLine(text, l.host(), l.timestamp(), l.uptimeSeconds(), l.prefixFormat(),
        l.lineNumber());
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t';
  }
}
