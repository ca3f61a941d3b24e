package io.mmlens.core.kmsg;

import io.mmlens.core.Problem;
import java.util.Collections;
import java.util.List;

/**
 * The lines of one kernel memory report as the streaming assembler grouped them, before their
 * content is decoded by the report parser.
 */
public final class RawReport {

  private final String host;
  private final List<LogLine> lines;
  private final boolean incomplete;
  private final String incompleteReason;
  private final List<Problem> problems;

  /**
   * @param host the host the lines came from (null when the log had no host prefix)
   * @param lines the report's logical lines in order, prefixes stripped
   * @param incomplete true when the report was cut short (line bound, idle timeout, end of input)
   * @param incompleteReason why it was cut, or null when complete
   * @param problems what the assembler met on the way (over-long lines, limits)
   */
  public RawReport(
      String host,
      List<LogLine> lines,
      boolean incomplete,
      String incompleteReason,
      List<Problem> problems) {
    this.host = host;
    this.lines = Collections.unmodifiableList(lines);
    this.incomplete = incomplete;
    this.incompleteReason = incompleteReason;
    this.problems = problems == null ? Collections.emptyList() : Collections.unmodifiableList(problems);
  }

  public String host() {
    return host;
  }

  public List<LogLine> lines() {
    return lines;
  }

  public boolean incomplete() {
    return incomplete;
  }

  public String incompleteReason() {
    return incompleteReason;
  }

  public List<Problem> problems() {
    return problems;
  }
}
