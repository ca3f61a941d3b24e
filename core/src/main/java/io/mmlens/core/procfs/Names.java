package io.mmlens.core.procfs;

/**
 * A bounded, shared table of key names (vmstat, meminfo, zoneinfo items) so that re-reading the
 * same files does not allocate a new String per key on every snapshot.
 */
final class Names {

  private static final int SIZE = 4096; // power of two; kernels print well under 1000 distinct keys
  private static final String[] TABLE = new String[SIZE];

  private Names() {}

  /** The String for chars [a,b) of s, shared when already seen. */
  static String of(CharSequence s, int a, int b) {
    int h = 0;
    for (int i = a; i < b; i++) {
      h = 31 * h + s.charAt(i);
    }
    h ^= h >>> 16;
    for (int probe = 0; probe < 8; probe++) {
      int slot = (h + probe) & (SIZE - 1);
      String cur = TABLE[slot];
      if (cur == null) {
        String fresh = s.subSequence(a, b).toString();
        TABLE[slot] = fresh; // benign race: at worst two equal Strings exist
        return fresh;
      }
      if (same(cur, s, a, b)) {
        return cur;
      }
    }
    return s.subSequence(a, b).toString();
  }

  private static boolean same(String cur, CharSequence s, int a, int b) {
    if (cur.length() != b - a) {
      return false;
    }
    for (int i = 0; i < cur.length(); i++) {
      if (cur.charAt(i) != s.charAt(a + i)) {
        return false;
      }
    }
    return true;
  }
}
