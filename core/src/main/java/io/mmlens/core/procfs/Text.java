package io.mmlens.core.procfs;

/**
 * Hand-written scanning over one text (no regex, no split): a cursor over lines and the
 * whitespace-separated tokens inside the current line.
 */
final class Text {

  /** Number too large for a long (e.g. garbage digits); callers report it. */
  static final long OVERFLOW = Long.MIN_VALUE + 1;
  /** No digits where a number was expected. */
  static final long NOT_A_NUMBER = Long.MIN_VALUE;

  final CharSequence s;
  final int len;
  /** 1-based number of the current line. */
  int lineNo;
  int lineStart;
  int lineEnd;
  /** Position inside the current line. */
  int pos;
  private int next;

  Text(CharSequence s) {
    this.s = s;
    this.len = s.length();
  }

  /** Advances to the next line; false at the end of the text. */
  boolean nextLine() {
    if (next >= len) {
      return false;
    }
    lineStart = next;
    int i = next;
    while (i < len && s.charAt(i) != '\n') {
      i++;
    }
    lineEnd = i;
    next = i + 1;
    pos = lineStart;
    lineNo++;
    return true;
  }

  /** True when the last line did not end with a newline (a cut-off file). */
  boolean lastLineUnterminated() {
    return lineEnd >= len && len > 0 && s.charAt(len - 1) != '\n';
  }

  boolean blank() {
    for (int i = lineStart; i < lineEnd; i++) {
      if (s.charAt(i) > ' ') {
        return false;
      }
    }
    return true;
  }

  int indent() {
    int i = lineStart;
    while (i < lineEnd && s.charAt(i) == ' ') {
      i++;
    }
    return i - lineStart;
  }

  void skipSpaces() {
    while (pos < lineEnd && isSpace(s.charAt(pos))) {
      pos++;
    }
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  boolean atEnd() {
    skipSpaces();
    return pos >= lineEnd;
  }

  /** Start of the next token after skipping blanks; the token ends at {@link #tokenEnd()}. */
  int tokenStart() {
    skipSpaces();
    return pos;
  }

  /** End of the token at {@link #pos} (does not move). */
  int tokenEnd() {
    int i = pos;
    while (i < lineEnd && !isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Returns the next token as a String and moves past it; null at end of line. */
  String token() {
    int a = tokenStart();
    if (a >= lineEnd) {
      return null;
    }
    int b = tokenEnd();
    pos = b;
    return s.subSequence(a, b).toString();
  }

  /** True when the text at {@code pos} starts with {@code word}; moves past it when so. */
  boolean eat(String word) {
    int n = word.length();
    if (pos + n > lineEnd) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (s.charAt(pos + i) != word.charAt(i)) {
        return false;
      }
    }
    pos += n;
    return true;
  }

  /** True when the line (after indent) starts with {@code word}. */
  boolean lineStartsWith(String word) {
    int save = pos;
    pos = lineStart;
    skipSpaces();
    boolean r = eat(word);
    pos = save;
    return r;
  }

  /** True when chars [a,b) equal {@code word}. */
  boolean regionIs(int a, int b, String word) {
    if (b - a != word.length()) {
      return false;
    }
    for (int i = 0; i < b - a; i++) {
      if (s.charAt(a + i) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses an unsigned decimal at the next token, stopping at a non-digit (which stays at {@link
   * #pos}). Returns {@link #NOT_A_NUMBER} or {@link #OVERFLOW}.
   */
  long number() {
    skipSpaces();
    int i = pos;
    boolean neg = false;
    if (i < lineEnd && s.charAt(i) == '-') {
      neg = true;
      i++;
    }
    int start = i;
    long v = 0;
    boolean overflow = false;
    while (i < lineEnd) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
        overflow = true;
      } else {
        v = v * 10 + (c - '0');
      }
      i++;
    }
    if (i == start) {
      return NOT_A_NUMBER;
    }
    pos = i;
    if (overflow) {
      return OVERFLOW;
    }
    return neg ? -v : v;
  }

  /** The current line's text, shortened for messages. */
  String lineText() {
    int end = Math.min(lineEnd, lineStart + 80);
    String t = s.subSequence(lineStart, end).toString().trim();
    return end < lineEnd ? t + "..." : t;
  }

  /** Token at pos for messages, or "end of line". */
  String here() {
    int a = tokenStart();
    if (a >= lineEnd) {
      return "end of line";
    }
    int b = Math.min(tokenEnd(), a + 40);
    return "'" + s.subSequence(a, b) + "'";
  }
}
