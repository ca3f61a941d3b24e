package io.mmlens.core.zone;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses the kernel's own index tables, {@code /sys/kernel/debug/extfrag/extfrag_index} and
 * {@code unusable_index}: one line per zone, {@code Node %d, zone %8s } then one {@code %d.%03d}
 * value per order (thousandths; {@code -1.000} = a suitable block exists). Used to check our
 * {@link FragmentationIndex} against the kernel. Never throws on bad input.
 */
public final class DebugfsIndexParser {

  /** One zone's row: node, zone name, values per order in thousandths. */
  public static final class Row {
    private final int node;
    private final String zone;
    private final int[] thousandths;

    Row(int node, String zone, int[] thousandths) {
      this.node = node;
      this.zone = zone;
      this.thousandths = thousandths;
    }

    public int node() {
      return node;
    }

    public String zone() {
      return zone;
    }

    /** Values per order in thousandths (copy). */
    public int[] thousandths() {
      return thousandths.clone();
    }

    public int orders() {
      return thousandths.length;
    }

    public int at(int order) {
      return thousandths[order];
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("Node ").append(node).append(", zone ").append(zone);
      for (int v : thousandths) {
        sb.append(' ').append(FragmentationIndex.format(v));
      }
      return sb.toString();
    }
  }

  private DebugfsIndexParser() {}

  /**
   * Parses one file's text.
   *
   * @param source the input's name for problems, e.g. {@code
   *     /sys/kernel/debug/extfrag/extfrag_index}
   */
  public static Parsed<List<Row>> parse(CharSequence text, String source) {
    List<Row> rows = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int len = text.length();
    int pos = 0;
    int lineNo = 0;
    while (pos < len) {
      int end = pos;
      while (end < len && text.charAt(end) != '\n') {
        end++;
      }
      lineNo++;
      parseLine(text, pos, end, source, lineNo, rows, problems);
      pos = end + 1;
    }
    return Parsed.of(Collections.unmodifiableList(rows), problems);
  }

  private static void parseLine(
      CharSequence s,
      int from,
      int to,
      String source,
      int lineNo,
      List<Row> rows,
      List<Problem> problems) {
    int i = skipSpaces(s, from, to);
    if (i >= to) {
      return; // blank line
    }
    if (!startsWith(s, i, to, "Node")) {
      malformed(problems, source, lineNo, "expected 'Node N, zone NAME', got '" + cut(s, from, to) + "'");
      return;
    }
    i = skipSpaces(s, i + 4, to);
    int nodeStart = i;
    long node = 0;
    while (i < to && isDigit(s.charAt(i)) && i - nodeStart < 9) {
      node = node * 10 + (s.charAt(i++) - '0');
    }
    if (i == nodeStart || i >= to || s.charAt(i) != ',') {
      malformed(problems, source, lineNo, "expected a node number and ',' after 'Node'");
      return;
    }
    i = skipSpaces(s, i + 1, to);
    if (!startsWith(s, i, to, "zone")) {
      malformed(problems, source, lineNo, "expected 'zone' after the node number");
      return;
    }
    i = skipSpaces(s, i + 4, to);
    int nameStart = i;
    while (i < to && !isSpace(s.charAt(i))) {
      i++;
    }
    if (i == nameStart) {
      malformed(problems, source, lineNo, "missing zone name");
      return;
    }
    String zone = s.subSequence(nameStart, i).toString();
    int[] values = new int[16];
    int n = 0;
    while (true) {
      i = skipSpaces(s, i, to);
      if (i >= to) {
        break;
      }
      int tokStart = i;
      while (i < to && !isSpace(s.charAt(i))) {
        i++;
      }
      int v = parseThousandths(s, tokStart, i);
      if (v == Integer.MIN_VALUE) {
        malformed(problems, source, lineNo, "order " + n + " of Node " + node + " " + zone
            + ": expected D.DDD, got '" + s.subSequence(tokStart, i) + "'");
        return;
      }
      if (n == values.length) {
        values = java.util.Arrays.copyOf(values, n * 2);
      }
      values[n++] = v;
    }
    if (n == 0) {
      problems.add(new Problem(
          source, lineNo, Problem.Kind.TRUNCATED, "Node " + node + " " + zone + " has no values"));
      return;
    }
    rows.add(new Row((int) node, zone, java.util.Arrays.copyOf(values, n)));
  }

  /** {@code -1.000} → -1000, {@code 0.978} → 978; Integer.MIN_VALUE when not D.DDD. */
  static int parseThousandths(CharSequence s, int from, int to) {
    int i = from;
    boolean neg = false;
    if (i < to && s.charAt(i) == '-') {
      neg = true;
      i++;
    }
    int wholeStart = i;
    long whole = 0;
    while (i < to && isDigit(s.charAt(i)) && i - wholeStart < 6) {
      whole = whole * 10 + (s.charAt(i++) - '0');
    }
    if (i == wholeStart || i + 4 != to || s.charAt(i) != '.') {
      return Integer.MIN_VALUE;
    }
    int frac = 0;
    for (int k = i + 1; k < to; k++) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        return Integer.MIN_VALUE;
      }
      frac = frac * 10 + (c - '0');
    }
    long v = whole * 1000 + frac;
    return (int) (neg ? -v : v);
  }

  private static void malformed(List<Problem> problems, String source, int line, String message) {
    problems.add(new Problem(source, line, Problem.Kind.MALFORMED, message));
  }

  private static boolean startsWith(CharSequence s, int i, int to, String word) {
    if (to - i < word.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (s.charAt(i + k) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpaces(CharSequence s, int i, int to) {
    while (i < to && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String cut(CharSequence s, int from, int to) {
    return s.subSequence(from, Math.min(to, from + 60)).toString();
  }
}
