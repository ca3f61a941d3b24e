package io.mmlens.core.kmsg;

/** Recognizes the lines of a kernel stack dump in every era (x86 and others). */
final class CallTrace {

  // Register and code lines printed with a stack by show_regs / __show_regs.
  private static final String[] REGISTERS = {
    "RIP: ", "RSP: ", "RAX: ", "RDX: ", "RBP: ", "R10: ", "R13: ", "FS: ", "CS: ", "CR2: ",
    "DR0: ", "DR3: ", "DR6: ", "PKRU: ", "Code: ", "EIP: ", "EAX: ", "ESI: ", "DS: ", "CR0: ",
    "Stack:", "Workqueue: "
  };

  private static final String[] MARKERS = {
    "Call Trace:", "Call trace:", "<IRQ>", "</IRQ>", "<TASK>", "</TASK>", "<EOI>", "<NMI>",
    "</NMI>", "<EOE>", "<<EOE>>"
  };

  private CallTrace() {}

  /**
   * Samples: {@code Call Trace:}, {@code [<c01739ac>] ? dump_header+0x4d/0x160},
   * {@code <IRQ>  [<ffffffff8112f64a>] ? __alloc_pages_nodemask+0x74a/0x8d0},
   * {@code  dump_stack_lvl+0x44/0x5c}, {@code  ? __alloc_pages+0x10a/0x320},
   * {@code 0000000000000000 ffff880070611a00 ffffffff8172a3b4 ffff88012af6c800} (raw stack),
   * {@code RIP: 0033:0x7f3c2a1b2c37}.
   */
  static boolean matches(String t, int i) {
    int len = t.length();
    char c = t.charAt(i);
    if (c == '[') {
      return t.startsWith("[<", i);
    }
    if (c == '<' || c == 'C') {
      for (String m : MARKERS) {
        if (t.startsWith(m, i)) {
          return true;
        }
      }
    }
    if (c >= 'A' && c <= 'Z') {
      // every label here ends with ":" within its first ten characters ("Workqueue:")
      int lim = Math.min(len, i + 10);
      boolean colon = false;
      for (int j = i + 2; j < lim && !colon; j++) {
        colon = t.charAt(j) == ':';
      }
      if (!colon) {
        return false;
      }
      for (String r : REGISTERS) {
        if (t.startsWith(r, i)) {
          return true;
        }
      }
      return false;
    }
    if (hexWord(t, i) > 0) {
      int e = hexWord(t, i);
      int n = Text.skipSpaces(t, e);
      return n < len && hexWord(t, n) > 0;
    }
    // A frame: "[? ]symbol+0xOFF/0xLEN[ [module]]", looked for in the first token only.
    int s = t.startsWith("? ", i) ? i + 2 : i;
    int plus = -1;
    int j = s;
    for (; j < len; j++) {
      char x = t.charAt(j);
      if (x == ' ') {
        break;
      }
      if (x == '+' && plus < 0 && t.startsWith("+0x", j)) {
        plus = j;
      }
    }
    if (plus <= s) {
      return false;
    }
    int slash = t.indexOf("/0x", plus);
    return slash > plus && slash < j;
  }

  /** End of an 8- or 16-digit hex word at i followed by a blank or the end, else -1. */
  private static int hexWord(String t, int i) {
    int len = t.length();
    int j = i;
    while (j < len && Text.isHex(t.charAt(j))) {
      j++;
    }
    int n = j - i;
    if ((n != 8 && n != 16) || (j < len && t.charAt(j) != ' ')) {
      return -1;
    }
    return j;
  }
}
