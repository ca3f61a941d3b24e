package io.mmlens.core.kmsg;

/** Small allocation-free scanning helpers shared by the kmsg line recognizers. */
final class Text {

  private static final String[] ZONES = {"DMA32", "DMA", "Normal", "HighMem", "Movable", "Device"};

  private Text() {}

  static int skipSpaces(String s, int i) {
    int len = s.length();
    while (i < len && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  static int skipDigits(String s, int i) {
    int len = s.length();
    while (i < len && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Index after the last non-blank character. */
  static int trimEnd(String s) {
    return trimEnd(s, s.length());
  }

  /** Index after the last non-blank character before {@code end}. */
  static int trimEnd(String s, int end) {
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return end;
  }

  /**
   * Index after {@code [Node N ]<ZONE>} at i ({@code Node 0 DMA32}, {@code HighMem}), or -1. The
   * {@code Node N} part is absent on non-NUMA kernels (32-bit, small systems).
   */
  static int zoneEnd(String s, int i) {
    if (s.startsWith("Node ", i)) {
      int d = skipDigits(s, i + 5);
      if (d == i + 5 || d >= s.length() || s.charAt(d) != ' ') {
        return -1;
      }
      i = d + 1;
    }
    for (String z : ZONES) {
      if (s.startsWith(z, i)) {
        return i + z.length();
      }
    }
    return -1;
  }
}
