package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;

/** Parses /proc/vmstat ({@code name value} lines, every key kept). */
public final class VmStatParser {

  private VmStatParser() {}

  public static Parsed<VmStat> parse(CharSequence text, String sourceName) {
    Parsed<Counters> c = KeyValueParser.parse(text, sourceName);
    return Parsed.of(new VmStat(c.value()), c.problems());
  }
}
