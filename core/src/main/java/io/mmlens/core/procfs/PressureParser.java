package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.List;

/** Parses /proc/pressure/memory: {@code some avg10=0.00 avg60=0.00 avg300=0.00 total=4032}. */
public final class PressureParser {

  private static final String[] FIELDS = {"avg10=", "avg60=", "avg300=", "total="};

  private PressureParser() {}

  public static Parsed<Pressure> parse(CharSequence text, String sourceName) {
    Text t = new Text(text);
    List<Problem> problems = new ArrayList<>(0);
    Pressure.Line some = null;
    Pressure.Line full = null;
    while (t.nextLine()) {
      if (t.blank()) {
        continue;
      }
      t.skipSpaces();
      boolean isSome = t.eat("some");
      if (!isSome && !t.eat("full")) {
        problems.add(bad(sourceName, t, "expected 'some' or 'full', got '" + t.lineText() + "'"));
        continue;
      }
      double[] avg = new double[3];
      long total = 0;
      boolean ok = true;
      for (int f = 0; f < FIELDS.length && ok; f++) {
        t.skipSpaces();
        if (!t.eat(FIELDS[f])) {
          problems.add(bad(sourceName, t, "expected '" + FIELDS[f] + "', got " + t.here()));
          ok = false;
        } else if (f < 3) {
          avg[f] = decimal(t);
          if (Double.isNaN(avg[f])) {
            problems.add(bad(sourceName, t, "'" + FIELDS[f] + "' expected a decimal, got " + t.here()));
            ok = false;
          }
        } else {
          total = t.number();
          if (total < 0) {
            problems.add(bad(sourceName, t, "'total=': " + BuddyInfoParser.describe(total, t)));
            ok = false;
          }
        }
      }
      if (ok) {
        Pressure.Line l = new Pressure.Line(avg[0], avg[1], avg[2], total);
        if (isSome) {
          some = l;
        } else {
          full = l;
        }
      }
    }
    if (some == null && problems.isEmpty()) {
      problems.add(new Problem(sourceName, 0, Problem.Kind.MALFORMED, "no 'some' line"));
    }
    return Parsed.of(new Pressure(some, full), problems);
  }

  /** {@code 12.34} without Double.parseDouble's allocation; NaN when malformed. */
  static double decimal(Text t) {
    int i = t.pos;
    long whole = 0;
    int start = i;
    while (i < t.lineEnd && Character.isDigit(t.s.charAt(i)) && i - start < 15) {
      whole = whole * 10 + (t.s.charAt(i++) - '0');
    }
    if (i == start) {
      return Double.NaN;
    }
    double v = whole;
    if (i < t.lineEnd && t.s.charAt(i) == '.') {
      i++;
      double scale = 0.1;
      int fs = i;
      while (i < t.lineEnd && Character.isDigit(t.s.charAt(i)) && i - fs < 9) {
        v += (t.s.charAt(i++) - '0') * scale;
        scale /= 10;
      }
      // PSI prints two decimals; round away binary noise so 0.29 stays 0.29
      v = Math.round(v * 100) / 100.0;
    }
    if (i < t.lineEnd && !Text.isSpace(t.s.charAt(i))) {
      t.pos = i;
      return Double.NaN;
    }
    t.pos = i;
    return v;
  }

  private static Problem bad(String src, Text t, String msg) {
    return new Problem(src, t.lineNo, Problem.Kind.MALFORMED, msg);
  }
}
