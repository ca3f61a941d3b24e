package io.mmlens.core.kmsg;

/** The recognizers of {@link LineClassifier}'s table (real sample lines are next to the table). */
final class Recognizers {

  private Recognizers() {}

  /**
   * Headers led by the task's comm ({@code <comm> invoked oom-killer:}, {@code <comm>: page
   * allocation failure}, {@code <comm>: vmalloc...}): the comm is at most 15 characters
   * (TASK_COMM_LEN 16), so only the first few positions need a look, not the whole line.
   */
  static boolean commLedHeader(String s, int from, int end) {
    int lim = Math.min(end - 8, from + COMM_WINDOW);
    for (int i = from + 1; i < lim; i++) {
      char c = s.charAt(i);
      if (c == ' ') {
        if (s.charAt(i + 1) == 'i' && s.startsWith(" invoked oom-killer:", i)) {
          return true;
        }
      } else if (c == ':' && s.charAt(i + 1) == ' ') {
        char d = s.charAt(i + 2);
        if ((d == 'p' && s.startsWith(": page allocation ", i))
            || (d == 'v' && s.startsWith(": vmalloc", i))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Comm (at most 15 characters) + its separator. */
  private static final int COMM_WINDOW = 17;

  // --- recognizers ---------------------------------------------------------------------------

  static boolean allocFailure(String t, int i) {
    int p = afterComm(t, i, ": page allocation failure");
    if (p > 0) {
      return p < t.length() && (t.charAt(p) == '.' || t.charAt(p) == ':');
    }
    return afterComm(t, i, ": vmalloc: allocation failure") > 0
        || afterComm(t, i, ": vmalloc error: size ") > 0;
  }

  /**
   * Index after {@code what} when it follows a task comm starting at i (at most 15 characters,
   * TASK_COMM_LEN 16), else -1. Looking only there keeps long lines cheap.
   */
  static int afterComm(String t, int i, String what) {
    char w = what.charAt(0);
    int lim = Math.min(t.length() - what.length(), i + COMM_WINDOW - 1);
    for (int j = i + 1; j <= lim; j++) {
      if (t.charAt(j) == w && t.startsWith(what, j)) {
        return j + what.length();
      }
    }
    return -1;
  }

  static boolean kmemCacheCreate(String t, int i) {
    int k = t.startsWith("kmem_cache_create", i) ? i
        : t.startsWith("__kmem_cache_create", i) ? i + 2 : -1;
    if (k < 0) {
      return false;
    }
    int paren = t.indexOf('(', k);
    if (paren > 0 && t.indexOf(") failed with error ", paren) > 0) {
      return true;
    }
    // SLAB_PANIC variant: kmem_cache_create: Failed to create slab 'x'. Error -12
    return t.indexOf(": Failed to create slab '", k) > 0;
  }

  static boolean taskInfo(String t, int i) {
    if (t.startsWith("CPU: ", i)) {
      // 6.13+ inserts "UID: N " before PID
      int d = Text.skipDigits(t, i + 5);
      return d > i + 5 && d < t.length() && t.charAt(d) == ' ' && t.indexOf(" PID: ", d) >= d
          && t.indexOf(" Comm: ", d) > d;
    }
    if (t.startsWith("Pid: ", i)) {
      int d = Text.skipDigits(t, i + 5);
      return d > i + 5 && d < t.length() && t.charAt(d) == ',' && t.indexOf("comm: ", d) > 0;
    }
    return false;
  }

  static boolean slubDetail(String t, int i) {
    if (i == 0) {
      return false; // the kernel indents these by two spaces
    }
    if (t.startsWith("cache: ", i)) {
      return t.indexOf(", object size: ", i) > 0;
    }
    if (t.startsWith("node ", i)) {
      int d = Text.skipDigits(t, i + 5);
      return d > i + 5 && t.startsWith(": slabs: ", d);
    }
    return t.indexOf(" debugging increased min order", i) > i;
  }

  static boolean memcgTaskIn(String t, int i) {
    if (t.startsWith("Task in /", i)) {
      return true; // the rest ("killed as a result of limit of ...") may be a separate record
    }
    return t.startsWith("killed as a result of limit of ", i)
        || t.startsWith("Memory limit reached of cgroup ", i);
  }

  static boolean memcgCounter(String t, int i) {
    return t.startsWith("memory: usage ", i)
        || t.startsWith("memory+swap: usage ", i)
        || t.startsWith("kmem: usage ", i)
        || t.startsWith("swap: usage ", i);
  }

  static boolean perCpu(String t, int i) {
    if (!t.startsWith("CPU ", i)) {
      return false;
    }
    int j = Text.skipSpaces(t, i + 4);
    int d = Text.skipDigits(t, j);
    return d > j && t.startsWith(": hi:", d);
  }

  private static final String[] COUNTER_STARTS = {
    "active_anon:", "active_file:", "unevictable:", "free:", "slab_reclaimable:", "mapped:",
    "free_cma:", "sec_pagetables:", "kernel_misc_reclaimable:"
  };

  static boolean counters(String t, int i) {
    if (i > 1) {
      return false; // the kernel indents continuation lines by one space; more is a wrap
    }
    for (String k : COUNTER_STARTS) {
      if (t.startsWith(k, i)) {
        int v = i + k.length();
        int d = Text.skipDigits(t, v);
        // page counts, no unit: "unevictable:95756kB" is a wrapped zone line, not a counter
        return d > v && (d == t.length() || t.charAt(d) == ' ');
      }
    }
    return false;
  }

  static boolean buddy(String t, int i) {
    int z = Text.zoneEnd(t, i);
    if (z < 0 || !t.startsWith(": ", z)) {
      return false;
    }
    int d = Text.skipDigits(t, z + 2);
    return (d > z + 2 && d < t.length() && t.charAt(d) == '*') || t.startsWith("empty", z + 2);
  }

  static boolean swap(String t, int i) {
    if (t.startsWith("Swap cache stats:", i) || t.startsWith("Total swap = ", i)) {
      return true;
    }
    if (t.startsWith("Free swap ", i)) {
      int j = Text.skipSpaces(t, i + 10);
      return j < t.length() && t.charAt(j) == '=';
    }
    return numberThen(t, i, " pages in swap cache");
  }

  private static final String[] RAM_LINES = {
    " pages RAM", " pages HighMem", " pages reserved", " pages cma reserved", " pages hwpoisoned",
    " pages shared", " pages non-shared", " pages in pagetable cache"
  };

  static boolean ram(String t, int i) {
    int d = Text.skipDigits(t, i);
    if (d == i) {
      return false;
    }
    for (String s : RAM_LINES) {
      if (t.startsWith(s, d)) {
        return true;
      }
    }
    return false;
  }

  static boolean slabRow(String t, int i) {
    if (t.startsWith("Name ", i)) {
      int u = t.indexOf(" Used ", i);
      return u > 0 && t.indexOf(" Total", u) > 0;
    }
    // "<name> <n>KB <n>KB" — two trailing KB figures.
    int end = Text.trimEnd(t);
    int a = kbFieldStart(t, end);
    if (a < 0) {
      return false;
    }
    int e2 = Text.trimEnd(t, a);
    int b = kbFieldStart(t, e2);
    return b > i && b < e2 && Text.trimEnd(t, b) > i;
  }

  /** Start of a "<digits>KB" token ending at end (preceded by a blank), or -1. */
  static int kbFieldStart(String t, int end) {
    if (end < 4 || t.charAt(end - 1) != 'B' || t.charAt(end - 2) != 'K') {
      return -1;
    }
    int j = end - 2;
    while (j > 0 && Text.isDigit(t.charAt(j - 1))) {
      j--;
    }
    return j < end - 2 && j > 0 && t.charAt(j - 1) == ' ' ? j : -1;
  }

  static boolean taskHeader(String t, int i) {
    if (t.charAt(i) != '[') {
      return false;
    }
    int j = Text.skipSpaces(t, i + 1);
    if (!t.startsWith("pid", j)) {
      return false;
    }
    int k = Text.skipSpaces(t, j + 3);
    return k < t.length() && t.charAt(k) == ']' && t.indexOf("uid", k) > 0;
  }

  static boolean taskRow(String t, int i) {
    if (t.charAt(i) != '[') {
      return false;
    }
    int j = Text.skipSpaces(t, i + 1);
    int d = Text.skipDigits(t, j);
    if (d == j || d >= t.length() || t.charAt(d) != ']') {
      return false;
    }
    // uid and tgid follow as numbers
    int u = Text.skipSpaces(t, d + 1);
    int ue = Text.skipDigits(t, u);
    return ue > u && ue < t.length() && t.charAt(ue) == ' ';
  }

  static boolean oomKillFragment(String t, int i) {
    return i == 0
        && (t.startsWith(",global_oom", 0)
            || t.startsWith(",oom_memcg=", 0)
            || t.startsWith(",task_memcg=", 0)
            || t.startsWith(",task=", 0)
            || t.startsWith(",cpuset=", 0));
  }

  static boolean killChoice(String t, int i) {
    int k = t.indexOf("ill process ", i);
    if (k < i + 1 || !(t.charAt(k - 1) == 'K' || t.charAt(k - 1) == 'k')) {
      return false;
    }
    int d = Text.skipDigits(t, k + 12);
    // "... score 318 or sacrifice child" / 2.6.32 "... score 7 or a child"
    return d > k + 12 && k - 1 > i && t.indexOf(" score ", d) > 0 && memoryMessage(t, i, k - 1);
  }

  static boolean killed(String t, int i) {
    int k;
    if (t.startsWith("Killed process ", i)) {
      k = i;
    } else {
      k = t.indexOf(": Killed process ", i);
      if (k < 0 || !memoryMessage(t, i, k + 2)) {
        return false;
      }
      k += 2;
    }
    int d = Text.skipDigits(t, k + 15);
    return d > k + 15 && d < t.length() && (t.charAt(d) == ' ' || t.charAt(d) == ',');
  }

  /** The text before a kill verb at {@code k} is an OOM message ("Out of memory: ", ...). */
  static boolean memoryMessage(String t, int i, int k) {
    return t.startsWith("Out of memory", i)
        || t.startsWith("Memory cgroup out of memory", i)
        || t.startsWith("No available memory", i);
  }

  static boolean killOther(String t, int i) {
    if (t.startsWith("Kill process ", i)) {
      return t.indexOf(") sharing same memory", i) > 0;
    }
    return t.startsWith("oom killer ", i) && t.indexOf(" has mm pinned by ", i) > 0
        || t.indexOf(": OOM victim ", i) > 0 && t.indexOf(" is already exiting", i) > 0
        || t.startsWith("Tasks in /", i) && t.indexOf("memory.oom.group", i) > 0
        || t.startsWith("Out of memory and no killable processes", i)
        || t.startsWith("Out of memory: ", i) && t.indexOf("panic_on_oom is enabled", i) > 0;
  }

  static boolean elision(String t, int i) {
    if (t.startsWith("...", i) || t.startsWith("\u2026", i) || t.startsWith("[...]", i)) {
      return true;
    }
    if (t.charAt(i) == '(') {
      return t.indexOf("omitted", i) > 0 || t.indexOf("\u7701\u7565", i) > 0 // 省略
          || t.indexOf("snip", i) > 0;
    }
    return false;
  }

  static boolean statItem(String t, int i) {
    if (i != 0) {
      return false;
    }
    int len = t.length();
    int j = 0;
    while (j < len) {
      char c = t.charAt(j);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        break;
      }
      j++;
    }
    if (j == 0 || j >= len || t.charAt(j) != ' ') {
      return false;
    }
    int d = Text.skipDigits(t, j + 1);
    return d > j + 1 && d == len;
  }

  static boolean zoneThen(String t, int i, String what) {
    int z = Text.zoneEnd(t, i);
    return z > 0 && t.startsWith(what, z);
  }

  static boolean nodeThen(String t, int i, String what) {
    if (!t.startsWith("Node ", i)) {
      return false;
    }
    int d = Text.skipDigits(t, i + 5);
    return d > i + 5 && d < t.length() && t.charAt(d) == ' ' && t.startsWith(what, d + 1);
  }

  static boolean numberThen(String t, int i, String what) {
    int d = Text.skipDigits(t, i);
    return d > i && t.startsWith(what, d);
  }
}
