package io.mmlens.core.kmsg;

/** Hand-written scanning helpers for kernel report lines (no regex on the hot path). */
final class Scan {

  static final long NONE = Long.MIN_VALUE;

  private Scan() {}

  /** Unsigned or negative decimal at {@code from}; NONE when no digit is there. */
  static long number(String s, int from) {
    if (from < 0 || from >= s.length()) {
      return NONE;
    }
    int i = from;
    boolean neg = false;
    if (s.charAt(i) == '-') {
      neg = true;
      i++;
    }
    long v = 0;
    int start = i;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
      i++;
    }
    if (i == start) {
      return NONE;
    }
    return neg ? -v : v;
  }

  /** Index just after the decimal starting at {@code from}. */
  static int numberEnd(String s, int from) {
    int i = from;
    if (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /** Value of {@code key} (e.g. "order=") as a number, NONE when the key is absent or not numeric. */
  static long after(String s, String key) {
    int k = s.indexOf(key);
    return k < 0 ? NONE : number(s, k + key.length());
  }

  /** Text after {@code key} up to the first of {@code stops} (or end), null when key absent. */
  static String token(String s, String key, String stops) {
    int k = s.indexOf(key);
    if (k < 0) {
      return null;
    }
    int i = k + key.length();
    int j = i;
    while (j < s.length() && stops.indexOf(s.charAt(j)) < 0) {
      j++;
    }
    return s.substring(i, j);
  }

  /** "0x84d0" or "0x84d0(GFP_KERNEL)" at {@code from}: returns {hex, symbolic-or-null}. */
  static String[] mask(String s, int from) {
    int i = from;
    if (!s.startsWith("0x", i)) {
      return null;
    }
    int j = i + 2;
    while (j < s.length() && Character.digit(s.charAt(j), 16) >= 0) {
      j++;
    }
    if (j == i + 2) {
      return null;
    }
    String hex = s.substring(i, j);
    String sym = null;
    if (j < s.length() && s.charAt(j) == '(') {
      int close = s.indexOf(')', j);
      sym = close < 0 ? s.substring(j + 1) : s.substring(j + 1, close);
    }
    return new String[] {hex, sym};
  }

  /** Zone name index into a known list, or -1. */
  static boolean isZoneName(String s) {
    switch (s) {
      case "DMA":
      case "DMA32":
      case "Normal":
      case "HighMem":
      case "Movable":
      case "Device":
        return true;
      default:
        return false;
    }
  }

  /** Parses {@code "kB"}-suffixed or plain "key:value" value at from; NONE on failure. */
  static long kb(String s, int from) {
    return number(s, from);
  }
}
