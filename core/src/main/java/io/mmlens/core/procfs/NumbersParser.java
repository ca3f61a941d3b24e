package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses single-value files: /proc/sys/vm/* ({@code 67584}, or {@code 256\t256\t32\t0\t0} for
 * lowmem_reserve_ratio) and cgroup {@code memory.current}/{@code memory.max} ({@code max} means no
 * limit and decodes to {@link Long#MAX_VALUE}).
 */
public final class NumbersParser {

  private NumbersParser() {}

  /** All whitespace-separated numbers of the first non-blank line. */
  public static Parsed<long[]> parse(CharSequence text, String sourceName) {
    Text t = new Text(text);
    List<Problem> problems = new ArrayList<>(0);
    long[] out = new long[8];
    int n = 0;
    while (t.nextLine()) {
      if (t.blank()) {
        continue;
      }
      while (!t.atEnd()) {
        long v;
        if (t.eat("max")) {
          v = Long.MAX_VALUE;
        } else {
          v = t.number();
        }
        if (v == Text.NOT_A_NUMBER || v == Text.OVERFLOW
            || (t.pos < t.lineEnd && !Text.isSpace(t.s.charAt(t.pos)))) {
          problems.add(
              new Problem(sourceName, t.lineNo, Problem.Kind.MALFORMED,
                  "value " + n + ": " + (v == Text.OVERFLOW ? "number too large" : "expected a number, got " + t.here())));
          break;
        }
        if (v < 0) {
          // sysctl and cgroup byte values are unsigned; a sign means a corrupt or foreign file
          problems.add(
              new Problem(sourceName, t.lineNo, Problem.Kind.MALFORMED, "value " + n + ": negative number " + v));
          break;
        }
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = v;
      }
      break;
    }
    if (n == 0 && problems.isEmpty()) {
      problems.add(new Problem(sourceName, 0, Problem.Kind.MALFORMED, "empty file, expected a number"));
    }
    return Parsed.of(Arrays.copyOf(out, n), problems);
  }
}
