package io.mmlens.core;

import java.util.Objects;

/** One thing that could not be read or decoded: which input, where, what kind of trouble, and why. */
public final class Problem {

  /** Classes of trouble, stable across releases because they appear in JSON as {@code errors[].kind}. */
  public enum Kind {
    /** The file or field does not exist (e.g. PSI on a pre-4.20 kernel). */
    MISSING,
    /** It exists but could not be read (permissions, I/O error). */
    UNREADABLE,
    /** Content present but not in any format we know. */
    MALFORMED,
    /** Content ended early (a cut-off line, a report without its end). */
    TRUNCATED,
    /** A bound was hit (line length, report size); the rest was skipped on purpose. */
    LIMIT;

    /** Lower-case name used in JSON and text output. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final String source;
  private final int line;
  private final Kind kind;
  private final String message;

  /**
   * @param source the input's name as the user knows it ({@code /proc/zoneinfo}, a log file name)
   * @param line 1-based line number, or 0 when the problem concerns the whole input
   */
  public Problem(String source, int line, Kind kind, String message) {
    this.source = Objects.requireNonNull(source, "source");
    this.line = line;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.message = Objects.requireNonNull(message, "message");
  }

  public String source() {
    return source;
  }

  /** 1-based line number, 0 when not tied to a line. */
  public int line() {
    return line;
  }

  public Kind kind() {
    return kind;
  }

  public String message() {
    return message;
  }

  /** {@code /proc/zoneinfo:12: malformed: expected a number after 'min', got 'x'}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(source.length() + message.length() + 24);
    sb.append(source);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ").append(kind.label()).append(": ").append(message);
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Problem)) {
      return false;
    }
    Problem p = (Problem) o;
    return line == p.line && kind == p.kind && source.equals(p.source) && message.equals(p.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, line, kind, message);
  }
}
