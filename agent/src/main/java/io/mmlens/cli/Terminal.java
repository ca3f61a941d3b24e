package io.mmlens.cli;

/** Output helpers that keep text taken from kernel logs from driving the user's terminal. */
final class Terminal {

  /**
   * Replaces C0/C1 control characters (ESC, BEL, CR, ...) in log-derived text with visible
   * {@code \xNN} escapes, so a crafted log line cannot move the cursor or retitle the terminal.
   * Tabs are kept.
   */
  static String safe(CharSequence s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      boolean control = (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0);
      if (control) {
        if (out == null) {
          out = new StringBuilder(n + 8);
          out.append(s, 0, i);
        }
        out.append(String.format("\\x%02x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s.toString() : out.toString();
  }

  /** Human figure for a byte count: {@code 6.3 GiB}, {@code 512 KiB}, {@code 4 KiB}. */
  static String bytes(long b) {
    if (b < 0) {
      return "-" + bytes(-b);
    }
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = b;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    if (u == 0 || v >= 100 || v == Math.rint(v)) {
      return String.format("%d %s", Math.round(v), units[u]);
    }
    return String.format("%.1f %s", v, units[u]);
  }

  /** Whether file descriptor 2 is a terminal (Linux: /proc/self/fd/2 links to a tty or pty). */
  static boolean stderrIsTerminal() {
    try {
      String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Paths.get("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private Terminal() {}
}
