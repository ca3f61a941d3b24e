package io.mmlens.core.kmsg;

/**
 * Where the parts of the last scanned line are (indices into it), and the bounded scanning
 * helpers the prefix recognizers share.
 */
abstract class ScanState {

  // Result of the last scan(); package-private so the assembler can test relevance without
  // allocating anything for the (vast majority of) unrelated lines.
  int textStart;
  int hostStart;
  int hostEnd;
  int tsStart;
  int tsEnd;
  int upStart;
  int upEnd;
  boolean upMicros;
  boolean kmsgDict;
  boolean kernelTag;
  String format;
  /** End of the line being scanned. */
  int end;


  boolean lastWasKmsg;
  /** Uptime of the last /dev/kmsg record, inherited by its continuation lines. */
  double lastKmsgUptime = Double.NaN;

  /** Uptime seconds of the last scan, NaN when the prefix had none. */
  double uptime(String s) {
    if (upStart < 0) {
      return upMicros ? lastKmsgUptime : Double.NaN;
    }
    if (upMicros) {
      long us = 0;
      for (int i = upStart; i < upEnd; i++) {
        us = us * 10 + (s.charAt(i) - '0');
      }
      return us / 1e6;
    }
    long whole = 0;
    long frac = 0;
    long scale = 1;
    boolean dot = false;
    for (int i = upStart; i < upEnd; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        dot = true;
      } else if (c >= '0' && c <= '9') {
        if (dot) {
          frac = frac * 10 + (c - '0');
          scale *= 10;
        } else {
          whole = whole * 10 + (c - '0');
        }
      }
    }
    return whole + (double) frac / scale;
  }

  /** If {@code [ secs.frac]} starts at p, records the uptime and returns the index after ']'. */
  int uptimeBracket(String s, int p) {
    int len = end;
    int i = p + 1;
    while (i < len && s.charAt(i) == ' ') {
      i++;
    }
    int d = skipDigits(s, i);
    if (d == i || d >= len || s.charAt(d) != '.') {
      return -1;
    }
    int f = skipDigits(s, d + 1);
    if (f == d + 1 || f >= len || s.charAt(f) != ']') {
      return -1;
    }
    upStart = i;
    upEnd = f;
    return f + 1;
  }

  int afterCaller(String s, int e) {
    int len = end;
    int q = e < len && s.charAt(e) == ' ' ? e + 1 : e;
    if (q < len && s.charAt(q) == '[') {
      int i = q + 1;
      while (i < len && s.charAt(i) == ' ') {
        i++;
      }
      if (i < len && (s.charAt(i) == 'T' || s.charAt(i) == 'C')) {
        int d = skipDigits(s, i + 1);
        if (d > i + 1 && d < len && s.charAt(d) == ']') {
          q = d + 1;
          return q < len && s.charAt(q) == ' ' ? q + 1 : q;
        }
      }
    }
    return e < len && s.charAt(e) == ' ' ? e + 1 : e;
  }

  /** Strips a printk uptime (and caller id) that follows a syslog {@code kernel:} tag. */
  int afterPrintk(String s, int p) {
    if (p < end && s.charAt(p) == '[') {
      int e = uptimeBracket(s, p);
      if (e >= 0) {
        return afterCaller(s, e);
      }
    }
    return p;
  }

  static boolean isDigit(String s, int i) {
    char c = s.charAt(i);
    return c >= '0' && c <= '9';
  }

  int skipDigits(String s, int i) {
    int len = end;
    while (i < len) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      i++;
    }
    return i;
  }

  /** startsWith bounded by the end of the scanned line. */
  boolean starts(String s, String prefix, int p) {
    return p + prefix.length() <= end && s.startsWith(prefix, p);
  }

  /** Index of the next blank in [p, end), or -1. */
  int space(String s, int p) {
    for (int i = p; i < end; i++) {
      if (s.charAt(i) == ' ') {
        return i;
      }
    }
    return -1;
  }

  // Shapes of recent "MMM dd hh:mm:ss host kernel: [uptime] " lines (host length; offset of ']'
  // from '[' or -1 without printk time). The lines of one log repeat a few shapes (one per host
  // name length), and checking a handful of fixed positions is cheaper than parsing the prefix.
  private static final int SHAPES = 4;
  private final int[] shapeHost = new int[SHAPES];
  private final int[] shapeBracket = new int[SHAPES];
  int shapes;
  private int nextShape;

  void remember(int start) {
    if (format != LineNormalizer.SYSLOG || !kernelTag || hostStart < 0 || tsEnd - tsStart != 15) {
      return;
    }
    int bracket = hostEnd + 9; // after " kernel: "
    int b;
    if (upStart >= 0 && textStart == upEnd + 2 && upEnd - bracket <= 24) {
      b = upEnd - bracket;
    } else if (upStart < 0 && textStart == bracket) {
      b = -1;
    } else {
      return;
    }
    int h = hostEnd - hostStart;
    for (int i = 0; i < shapes; i++) {
      if (shapeHost[i] == h && shapeBracket[i] == b) {
        return;
      }
    }
    shapeHost[nextShape] = h;
    shapeBracket[nextShape] = b;
    nextShape = (nextShape + 1) % SHAPES;
    if (shapes < SHAPES) {
      shapes++;
    }
  }

  /** The line has a remembered shape; fills the fields as the full parse would. */
  boolean sameShape(String s, int start) {
    if (start + 25 >= end || s.charAt(start + 15) != ' ' || s.charAt(start + 12) != ':') {
      return false;
    }
    for (int i = 0; i < shapes; i++) {
      if (shape(s, start, shapeHost[i], shapeBracket[i])) {
        return true;
      }
    }
    return false;
  }

  private boolean shape(String s, int start, int host, int bracket) {
    int hEnd = start + 16 + host;
    int k = hEnd + 1;
    int t = k + 8;
    if (t >= end || s.charAt(hEnd) != ' ' || s.charAt(k) != 'k' || !s.startsWith("kernel: ", k)) {
      return false;
    }
    if (bracket < 0) {
      if (s.charAt(t) == '[') {
        return false;
      }
      textStart = t;
    } else {
      int c = t + bracket;
      if (c + 1 >= end || s.charAt(t) != '[' || s.charAt(c) != ']' || s.charAt(c + 1) != ' '
          || s.charAt(c - 7) != '.') {
        return false;
      }
      upStart = t + 1;
      upEnd = c;
      textStart = c + 2;
    }
    tsStart = start;
    tsEnd = start + 15;
    hostStart = start + 16;
    hostEnd = hEnd;
    format = LineNormalizer.SYSLOG;
    return true;
  }
}
