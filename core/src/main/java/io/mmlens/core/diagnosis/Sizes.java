package io.mmlens.core.diagnosis;

import java.util.Locale;

/** Human sizes for summaries (binary units, one decimal). */
final class Sizes {

  private Sizes() {}

  static String pages(long pages, int pageKb) {
    return kb(pages * pageKb);
  }

  /** Bytes as KiB/MiB/GiB; negative values keep their sign (headroom below min). */
  static String bytes(long b) {
    return b < 0 ? "-" + kb(-b / 1024) : b < 1024 ? b + " B" : kb(b / 1024);
  }

  static String kb(Object kbObj) {
    if (!(kbObj instanceof Number)) {
      return "?";
    }
    long kb = ((Number) kbObj).longValue();
    if (kb < 1024) {
      return kb + " KiB";
    }
    double v = kb / 1024.0;
    String[] units = {"MiB", "GiB", "TiB"};
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
