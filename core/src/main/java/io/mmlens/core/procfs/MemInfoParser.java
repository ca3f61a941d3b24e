package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;

/** Parses /proc/meminfo ({@code Name:   value kB}). */
public final class MemInfoParser {

  private MemInfoParser() {}

  public static Parsed<MemInfo> parse(CharSequence text, String sourceName) {
    Parsed<Counters> c = KeyValueParser.parse(text, sourceName);
    return Parsed.of(new MemInfo(c.value()), c.problems());
  }
}
