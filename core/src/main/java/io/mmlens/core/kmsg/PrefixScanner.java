package io.mmlens.core.kmsg;

import static io.mmlens.core.kmsg.LineNormalizer.DMESG_T;
import static io.mmlens.core.kmsg.LineNormalizer.ISO8601;
import static io.mmlens.core.kmsg.LineNormalizer.KMSG;
import static io.mmlens.core.kmsg.LineNormalizer.METALOG;
import static io.mmlens.core.kmsg.LineNormalizer.NONE;
import static io.mmlens.core.kmsg.LineNormalizer.PRINTK;
import static io.mmlens.core.kmsg.LineNormalizer.RFC5424;
import static io.mmlens.core.kmsg.LineNormalizer.SYSLOG;

/**
 * The allocation-free prefix scan behind {@link LineNormalizer}: finds where a line's kernel text
 * starts and where the prefix's host, time and uptime are, as indices into the line.
 */
abstract class PrefixScanner extends ScanState {

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
    if (shapes > 0 && c >= 'A' && c <= 'S' && sameShape(s, start)) {
      return;
    }
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
        remember(p);
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
    // journalctl -o short-monotonic: "[  818.754366] host kernel: text"
    int sp = space(s, textStart);
    if (sp > textStart && sp - textStart <= 64 && starts(s, "kernel: ", sp + 1)) {
      hostStart = textStart;
      hostEnd = sp;
      textStart = sp + 9;
    }
    return true;
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

}