package io.mmlens.core.kmsg;

/**
 * One logical kernel log line after its transport prefix (syslog, printk time, journald, /dev/kmsg
 * record header) was stripped and rsyslog escapes undone. The prefix's facts are kept as fields.
 */
public final class LogLine {

  private final String text;
  private final String host;
  private final String timestamp;
  private final double uptimeSeconds;
  private final String prefixFormat;
  private final long lineNumber;

  /**
   * @param text the kernel's message text without any prefix (never null)
   * @param host host name from a syslog/journald prefix, or null
   * @param timestamp wall-clock time as printed by the prefix (e.g. {@code Nov 20 12:42:42}), or null
   * @param uptimeSeconds printk / kmsg monotonic seconds, or {@code Double.NaN} when absent
   * @param prefixFormat which prefix was recognised ({@code syslog}, {@code printk}, {@code kmsg},
   *     {@code iso8601}, {@code dmesg-T}, {@code none}, ...)
   * @param lineNumber 1-based number of the (first) physical input line it came from
   */
  public LogLine(
      String text,
      String host,
      String timestamp,
      double uptimeSeconds,
      String prefixFormat,
      long lineNumber) {
    this.text = text;
    this.host = host;
    this.timestamp = timestamp;
    this.uptimeSeconds = uptimeSeconds;
    this.prefixFormat = prefixFormat;
    this.lineNumber = lineNumber;
  }

  /** Message text without prefix. */
  public String text() {
    return text;
  }

  /** Host from the prefix, or null. */
  public String host() {
    return host;
  }

  /** Wall-clock timestamp as printed, or null. */
  public String timestamp() {
    return timestamp;
  }

  /** Monotonic seconds since boot from printk/kmsg, NaN when absent. */
  public double uptimeSeconds() {
    return uptimeSeconds;
  }

  public boolean hasUptime() {
    return !Double.isNaN(uptimeSeconds);
  }

  /** Name of the recognised prefix format. */
  public String prefixFormat() {
    return prefixFormat;
  }

  /** 1-based physical line number in the input. */
  public long lineNumber() {
    return lineNumber;
  }

  @Override
  public String toString() {
    return lineNumber + ": " + text;
  }
}
