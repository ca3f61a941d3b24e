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
 * A syslog line from another program keeps its tag in the text ({@code dockerd: ...}) so it can
 * never look like a kernel line. Unknown prefixes leave the text as is. Instances keep a little
 * state (the last /dev/kmsg record, for its continuation and dictionary lines) and are not
 * thread-safe.
 */
public final class LineNormalizer {

  public static final String SYSLOG = "syslog";
  public static final String METALOG = "metalog";
  public static final String PRINTK = "printk";
  public static final String DMESG_T = "dmesg-T";
  public static final String ISO8601 = "iso8601";
  public static final String RFC5424 = "rfc5424";
  public static final String KMSG = "kmsg";
  public static final String NONE = "none";

  // Result of the last scan(); package-private so the assembler can test relevance without
  // allocating anything for the (vast majority of) unrelated lines.
  int textStart;
  int hostStart;
  int hostEnd;
  int tsStart;
  int tsEnd;
  int upStart;
  int upEnd;
  boolean upMicros;
  boolean kmsgDict;
  boolean kernelTag;
  String format;
  /** End of the line being scanned. */
  int end;

  private boolean lastWasKmsg;
  private double lastKmsgUptime = Double.NaN;

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

  /** Uptime seconds of the last scan, NaN when the prefix had none. */
  double uptime(String s) {
    if (upStart < 0) {
      return upMicros ? lastKmsgUptime : Double.NaN;
    }
    if (upMicros) {
      long us = 0;
      for (int i = upStart; i < upEnd; i++) {
        us = us * 10 + (s.charAt(i) - '0');
      }
      return us / 1e6;
    }
    long whole = 0;
    long frac = 0;
    long scale = 1;
    boolean dot = false;
    for (int i = upStart; i < upEnd; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        dot = true;
      } else if (c >= '0' && c <= '9') {
        if (dot) {
          frac = frac * 10 + (c - '0');
          scale *= 10;
        } else {
          whole = whole * 10 + (c - '0');
        }
      }
    }
    return whole + (double) frac / scale;
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

  /**
   * Finds where the kernel text of {@code s} starts and which prefix it had, allocation-free.
   * Results are left in the package-private fields.
   */
  void scan(String s) {
    scan(s, 0, s.length());
  }

  /** Scans the line s[start, end) in place (no substring): indices in the fields are into s. */
  void scan(String s, int start, int end) {
    this.end = end;
    textStart = start;
    hostStart = -1;
    tsStart = -1;
    upStart = -1;
    upMicros = false;
    kmsgDict = false;
    kernelTag = true;
    format = NONE;
    int len = end;
    if (len == start) {
      lastWasKmsg = false;
      return;
    }
    char c = s.charAt(start);
    if (c == ' ' && lastWasKmsg) {
      // /dev/kmsg: " KEY=value" dictionary lines, or a continuation of the record's text.
      format = KMSG;
      upMicros = true;
      kmsgDict = isDictLine(s, start);
      return;
    }
    lastWasKmsg = false;
    int p = start;
    if (c == '<') {
      int q = skipDigits(s, p + 1);
      if (q > p + 1 && q < len && s.charAt(q) == '>') {
        p = q + 1;
        if (p + 1 < len && s.charAt(p) == '1' && s.charAt(p + 1) == ' ') {
          if (rfc5424(s, p + 2)) {
            return;
          }
        }
        c = p < len ? s.charAt(p) : ' ';
      }
    }
    if (c >= '0' && c <= '9') {
      if (kmsg(s, p) || iso(s, p)) {
        return;
      }
    } else if (c == '[') {
      if (printk(s, p) || dmesgT(s, p)) {
        return;
      }
    } else if (c >= 'A' && c <= 'S') {
      if (syslog(s, p)) {
        return;
      }
    } else if (c == 'k' && starts(s, "kernel: ", p)) {
      format = SYSLOG;
      textStart = afterPrintk(s, p + 8);
      return;
    }
    textStart = p;
  }

  private boolean isDictLine(String s, int start) {
    int len = end;
    int i = start + 1;
    while (i < len) {
      char c = s.charAt(i);
      if (c == '=') {
        return i > start + 1;
      }
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
      i++;
    }
    return false;
  }

  /** {@code 5,347,818754366,-;text} or {@code 6,12,34,-,caller=T1;text}. */
  private boolean kmsg(String s, int p) {
    int len = end;
    int a = skipDigits(s, p);
    if (a == p || a >= len || s.charAt(a) != ',') {
      return false;
    }
    int b = skipDigits(s, a + 1);
    if (b == a + 1 || b >= len || s.charAt(b) != ',') {
      return false;
    }
    int t = skipDigits(s, b + 1);
    if (t == b + 1 || t >= len || s.charAt(t) != ',') {
      return false;
    }
    int semi = -1;
    for (int i = t + 1, lim = Math.min(len, t + 64); i < lim; i++) {
      char c = s.charAt(i);
      if (c == ';') {
        semi = i;
        break;
      }
      if (c == ' ') {
        return false;
      }
    }
    if (semi < 0) {
      return false;
    }
    format = KMSG;
    upStart = b + 1;
    upEnd = t;
    upMicros = true;
    textStart = semi + 1;
    lastWasKmsg = true;
    return true;
  }

  /** ISO-8601 timestamp (rsyslog high precision, journald short-iso) then host and tag. */
  private boolean iso(String s, int p) {
    int len = end;
    if (p + 19 > len
        || s.charAt(p + 4) != '-'
        || s.charAt(p + 7) != '-'
        || s.charAt(p + 10) != 'T'
        || s.charAt(p + 13) != ':') {
      return false;
    }
    int sp = space(s, p + 19);
    if (sp < 0) {
      return false;
    }
    tsStart = p;
    tsEnd = sp;
    format = ISO8601;
    hostAndTag(s, sp + 1);
    return true;
  }

  /** {@code <4>1 2026-11-22T09:00:00.123Z host kernel - - - msg} (after {@code <N>1 }). */
  private boolean rfc5424(String s, int p) {
    int len = end;
    int tsE = space(s, p);
    if (tsE < 0) {
      return false;
    }
    int hostE = space(s, tsE + 1);
    if (hostE < 0) {
      return false;
    }
    int appE = space(s, hostE + 1);
    if (appE < 0) {
      return false;
    }
    int procE = space(s, appE + 1);
    int msgidE = procE < 0 ? -1 : space(s, procE + 1);
    if (msgidE < 0) {
      return false;
    }
    int q = msgidE + 1;
    if (q < len && s.charAt(q) == '-') {
      q++;
    } else {
      while (q < len && s.charAt(q) == '[') {
        q++;
        while (q < len && s.charAt(q) != ']') {
          q += s.charAt(q) == '\\' ? 2 : 1;
        }
        q++;
      }
    }
    if (q < len && s.charAt(q) == ' ') {
      q++;
    }
    if (starts(s, "\uFEFF", q)) {
      q++;
    }
    format = RFC5424;
    tsStart = p;
    tsEnd = tsE;
    if (!(hostE == tsE + 2 && s.charAt(tsE + 1) == '-')) {
      hostStart = tsE + 1;
      hostEnd = hostE;
    }
    kernelTag = appE - hostE - 1 == 6 && starts(s, "kernel", hostE + 1);
    textStart = kernelTag ? afterPrintk(s, Math.min(q, len)) : Math.min(q, len);
    return true;
  }

  /** {@code [  818.754366] } with an optional caller id {@code [T1234]} / {@code [ T1234]}. */
  private boolean printk(String s, int p) {
    int e = uptimeBracket(s, p);
    if (e < 0) {
      return false;
    }
    format = PRINTK;
    textStart = afterCaller(s, e);
    return true;
  }

  /** If {@code [ secs.frac]} starts at p, records the uptime and returns the index after ']'. */
  private int uptimeBracket(String s, int p) {
    int len = end;
    int i = p + 1;
    while (i < len && s.charAt(i) == ' ') {
      i++;
    }
    int d = skipDigits(s, i);
    if (d == i || d >= len || s.charAt(d) != '.') {
      return -1;
    }
    int f = skipDigits(s, d + 1);
    if (f == d + 1 || f >= len || s.charAt(f) != ']') {
      return -1;
    }
    upStart = i;
    upEnd = f;
    return f + 1;
  }

  private int afterCaller(String s, int e) {
    int len = end;
    int q = e < len && s.charAt(e) == ' ' ? e + 1 : e;
    if (q < len && s.charAt(q) == '[') {
      int i = q + 1;
      while (i < len && s.charAt(i) == ' ') {
        i++;
      }
      if (i < len && (s.charAt(i) == 'T' || s.charAt(i) == 'C')) {
        int d = skipDigits(s, i + 1);
        if (d > i + 1 && d < len && s.charAt(d) == ']') {
          q = d + 1;
          return q < len && s.charAt(q) == ' ' ? q + 1 : q;
        }
      }
    }
    return e < len && s.charAt(e) == ' ' ? e + 1 : e;
  }

  /** Strips a printk uptime (and caller id) that follows a syslog {@code kernel:} tag. */
  private int afterPrintk(String s, int p) {
    if (p < end && s.charAt(p) == '[') {
      int e = uptimeBracket(s, p);
      if (e >= 0) {
        return afterCaller(s, e);
      }
    }
    return p;
  }

  /** {@code [Sun Nov 22 09:00:00 2026] }. */
  private boolean dmesgT(String s, int p) {
    int len = end;
    if (p + 26 > len || s.charAt(p + 4) != ' ' || s.charAt(p + 25) != ']') {
      return false;
    }
    char w = s.charAt(p + 1);
    if (w < 'A' || w > 'Z' || !isMonth(s, p + 5) || s.charAt(p + 14) != ':') {
      return false;
    }
    format = DMESG_T;
    tsStart = p + 1;
    tsEnd = p + 25;
    textStart = p + 26 < len && s.charAt(p + 26) == ' ' ? p + 27 : p + 26;
    return true;
  }

  /** {@code Nov 20 12:42:42[.frac] } then {@code [kernel] } (metalog) or {@code [host ]tag: }. */
  private boolean syslog(String s, int p) {
    int len = end;
    if (p + 16 > len || !isMonth(s, p) || s.charAt(p + 3) != ' ') {
      return false;
    }
    int i = p + 4;
    if (s.charAt(i) == ' ') {
      i++;
    }
    int d = skipDigits(s, i);
    if (d == i || d - i > 2 || d + 9 > len || s.charAt(d) != ' ') {
      return false;
    }
    int t = d + 1;
    if (s.charAt(t + 2) != ':' || s.charAt(t + 5) != ':' || !isDigit(s, t) || !isDigit(s, t + 7)) {
      return false;
    }
    int e = t + 8;
    if (e < len && s.charAt(e) == '.') {
      e = skipDigits(s, e + 1);
    }
    if (e >= len || s.charAt(e) != ' ') {
      return false;
    }
    tsStart = p;
    tsEnd = e;
    if (e + 1 < end && s.charAt(e + 1) == '[' && starts(s, "[kernel] ", e + 1)) {
      format = METALOG;
      textStart = afterPrintk(s, e + 10);
      return true;
    }
    format = SYSLOG;
    hostAndTag(s, e + 1);
    return true;
  }

  /** After a timestamp: {@code host kernel: }, {@code kernel: } (no host) or another program. */
  private void hostAndTag(String s, int p) {
    int len = end;
    int e1 = space(s, p);
    if (e1 < 0) {
      textStart = p;
      return;
    }
    if (s.charAt(e1 - 1) == ':') {
      tag(s, p, e1);
      return;
    }
    hostStart = p;
    hostEnd = e1;
    int p2 = e1 + 1;
    int e2 = space(s, p2);
    if (e2 < 0) {
      e2 = len;
    }
    if (e2 > p2 && s.charAt(e2 - 1) == ':') {
      tag(s, p2, e2);
    } else {
      textStart = p2;
    }
  }

  /** A syslog tag spanning [p, e) ending in ':'; the kernel's is stripped, others kept. */
  private void tag(String s, int p, int e) {
    boolean kernel = s.charAt(p) == 'k' && starts(s, "kernel", p)
        && (e - p == 7 || (e - p > 7 && s.charAt(p + 6) == '['));
    kernelTag = kernel;
    if (kernel) {
      textStart = afterPrintk(s, Math.min(e + 1, end));
    } else {
      textStart = p;
    }
  }

  private boolean isMonth(String s, int p) {
    if (p + 3 > end) {
      return false;
    }
    // Hand-unrolled: this runs on every line starting with A-S.
    char b = s.charAt(p + 1);
    char c = s.charAt(p + 2);
    switch (s.charAt(p)) {
      case 'J':
        return (b == 'a' && c == 'n') || (b == 'u' && (c == 'n' || c == 'l'));
      case 'F':
        return b == 'e' && c == 'b';
      case 'M':
        return b == 'a' && (c == 'r' || c == 'y');
      case 'A':
        return (b == 'p' && c == 'r') || (b == 'u' && c == 'g');
      case 'S':
        return b == 'e' && c == 'p';
      case 'O':
        return b == 'c' && c == 't';
      case 'N':
        return b == 'o' && c == 'v';
      case 'D':
        return b == 'e' && c == 'c';
      default:
        return false;
    }
  }

  private static boolean isDigit(String s, int i) {
    char c = s.charAt(i);
    return c >= '0' && c <= '9';
  }

  private int skipDigits(String s, int i) {
    int len = end;
    while (i < len) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      i++;
    }
    return i;
  }

  /** startsWith bounded by the end of the scanned line. */
  private boolean starts(String s, String prefix, int p) {
    return p + prefix.length() <= end && s.startsWith(prefix, p);
  }

  /** Index of the next blank in [p, end), or -1. */
  private int space(String s, int p) {
    for (int i = p; i < end; i++) {
      if (s.charAt(i) == ' ') {
        return i;
      }
    }
    return -1;
  }
}
