package io.mmlens.core.kmsg;

import java.io.IOException;
import java.io.Reader;

/** Splits a reader into lines of at most N characters; the rest of a longer line is dropped. */
final class BoundedLines {

  /** Receives each line (without its terminator) and whether it was cut. */
  interface Sink {
    void line(String line, boolean cut);
  }

  private BoundedLines() {}

  static void read(Reader in, int maxChars, Sink sink) throws IOException {
    char[] buf = new char[8192];
    StringBuilder line = new StringBuilder(256);
    boolean cut = false;
    int n;
    while ((n = in.read(buf)) > 0) {
      int from = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          cut |= append(line, buf, from, i, maxChars);
          emit(line, cut, sink);
          cut = false;
          from = i + 1;
        }
      }
      cut |= append(line, buf, from, n, maxChars);
    }
    if (line.length() > 0 || cut) {
      emit(line, cut, sink);
    }
  }

  /** Appends what fits; true when something did not. */
  private static boolean append(StringBuilder line, char[] buf, int from, int to, int maxChars) {
    int take = Math.min(maxChars - line.length(), to - from);
    if (take > 0) {
      line.append(buf, from, take);
    }
    return to - from > Math.max(take, 0);
  }

  private static void emit(StringBuilder line, boolean cut, Sink sink) {
    int len = line.length();
    if (len > 0 && line.charAt(len - 1) == '\r') {
      line.setLength(len - 1);
    }
    sink.line(line.toString(), cut);
    line.setLength(0);
  }
}
