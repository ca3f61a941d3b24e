package io.mmlens.core.kmsg;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Strips the transport prefix of one physical log line (syslog, metalog, printk time, dmesg -T,
 * ISO-8601 / RFC 5424, journald short-iso/short-precise, /dev/kmsg records), keeps its facts as
 * {@link LogLine} fields, and undoes rsyslog ({@code #012}, {@code #011}) and /dev/kmsg ({@code
 * \x0a}) escapes, which can turn one physical line into several logical lines.
 *
 * <p>Recognised prefixes (hand-written scanning, no regex):
 *
 * <pre>
 * Nov 20 12:42:42 wv2-f302 kernel: active_anon:79945387 ...          syslog (host)
 * Nov 12 15:15:41 kernel: exe: page allocation failure: order:6 ...  syslog (no host)
 * Nov 22 09:00:00.123456 host kernel: ...                            journald short-precise
 * Sep 23 02:04:16 [kernel] [1772321.850644] clamd invoked ...        metalog
 * [  818.754366] msg, [  818.754366][ T1234] msg                    printk
 * [Sun Nov 22 09:00:00 2026] msg                                     dmesg -T
 * 2026-11-22T09:00:00.123456+00:00 host kernel: msg                  iso8601 / short-iso
 * &lt;4&gt;1 2026-11-22T09:00:00Z host kernel - - - msg                     rfc5424
 * 5,347,818754366,-;msg   (then " KEY=value" dictionary lines)      kmsg
 * </pre>
 *
 * Example: {@code Sep 23 02:04:16 [kernel] [1772321.850644] clamd invoked oom-killer: ...} gives
 * text {@code clamd invoked oom-killer: ...}, timestamp {@code Sep 23 02:04:16}, uptime
 * 1772321.850644, format {@code metalog}, no host; {@code Nov 12 15:15:41 kernel: a:1#012 b:2}
 * gives two logical lines {@code a:1} and {@code  b:2}.
 *
 * <p>A syslog line from another program keeps its tag in the text ({@code dockerd: ...}) so it can
 * never look like a kernel line. Unknown prefixes leave the text as is. Instances keep a little
 * state (the last /dev/kmsg record, for its continuation and dictionary lines) and are not
 * thread-safe.
 */
public final class LineNormalizer extends PrefixScanner {

  public static final String SYSLOG = "syslog";
  public static final String METALOG = "metalog";
  public static final String PRINTK = "printk";
  public static final String DMESG_T = "dmesg-T";
  public static final String ISO8601 = "iso8601";
  public static final String RFC5424 = "rfc5424";
  public static final String KMSG = "kmsg";
  public static final String NONE = "none";

  /**
   * Normalizes one physical line and hands each logical line to {@code out} (usually one; several
   * when the line carries {@code #012} / {@code \x0a} escapes; none for a /dev/kmsg dictionary
   * line).
   *
   * @param physicalLine one input line without its line terminator
   * @param lineNo 1-based number of that line in its input
   */
  public void normalize(String physicalLine, long lineNo, Consumer<LogLine> out) {
    scan(physicalLine);
    if (kmsgDict) {
      return;
    }
    emit(physicalLine, lineNo, out);
  }

  /** Convenience for tests and small inputs: every logical line of a whole text. */
  public static List<LogLine> normalizeAll(String text) {
    List<LogLine> lines = new ArrayList<>();
    LineNormalizer n = new LineNormalizer();
    int start = 0;
    long no = 1;
    int len = text.length();
    while (start < len) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? len : nl;
      int e = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      n.normalize(text.substring(start, e), no++, lines::add);
      start = end + 1;
    }
    return lines;
  }

  /** Materializes the logical line(s) of the last {@link #scan} of {@code s}. */
  void emit(String s, long lineNo, Consumer<LogLine> out) {
    String host = hostStart >= 0 ? s.substring(hostStart, hostEnd) : null;
    String ts = tsStart >= 0 ? s.substring(tsStart, tsEnd) : null;
    double up = uptime(s);
    int len = s.length();
    if (format == KMSG) {
      lastKmsgUptime = up;
      if (s.indexOf("\\x", textStart) >= 0) {
        splitEscaped(s, textStart, len, '\\', host, ts, up, lineNo, out);
        return;
      }
    } else if (s.indexOf("#0", textStart) >= 0) {
      splitEscaped(s, textStart, len, '#', host, ts, up, lineNo, out);
      return;
    }
    out.accept(new LogLine(textStart == 0 ? s : s.substring(textStart), host, ts, up, format, lineNo));
  }

  /**
   * Splits text at escaped newlines ({@code #012} for rsyslog, {@code \x0a} for /dev/kmsg) and
   * decodes the other escaped control characters ({@code #011} / {@code \x09} = tab).
   */
  private void splitEscaped(
      String s, int from, int to, char esc, String host, String ts, double up, long lineNo,
      Consumer<LogLine> out) {
    StringBuilder sb = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int code = -1;
      if (c == esc) {
        code = esc == '#' ? octalEscape(s, i, to) : hexEscape(s, i, to);
      }
      if (code < 0) {
        sb.append(c);
        continue;
      }
      i += 3;
      if (code == '\n') {
        out.accept(new LogLine(sb.toString(), host, ts, up, format, lineNo));
        sb.setLength(0);
      } else {
        sb.append((char) code);
      }
    }
    out.accept(new LogLine(sb.toString(), host, ts, up, format, lineNo));
  }

  /** {@code #0oo} with a control-character value, as rsyslog writes it; -1 otherwise. */
  private static int octalEscape(String s, int i, int to) {
    if (i + 3 >= to || s.charAt(i + 1) != '0') {
      return -1;
    }
    char a = s.charAt(i + 2);
    char b = s.charAt(i + 3);
    if (a < '0' || a > '3' || b < '0' || b > '7') {
      return -1;
    }
    return (a - '0') * 8 + (b - '0');
  }

  /** {@code \xNN} as /dev/kmsg writes non-printable bytes and the backslash itself; -1 otherwise. */
  private static int hexEscape(String s, int i, int to) {
    if (i + 3 >= to || s.charAt(i + 1) != 'x') {
      return -1;
    }
    int h = hex(s.charAt(i + 2));
    int l = hex(s.charAt(i + 3));
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
