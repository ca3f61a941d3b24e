package io.mmlens.agent.otlp;

import java.io.IOException;
import java.util.Locale;

/** The header lines of an HTTP/1.x message head, for the agent's two small HTTP peers. */
public final class HttpHead {

  /** Receives one header: name and value trimmed and lower-cased. */
  public interface Visitor {
    void header(String name, String value) throws IOException;
  }

  private HttpHead() {}

  /**
   * Calls {@code v} for every {@code name: value} line of {@code head} (ISO-8859-1 text ending
   * with the blank line) after its first line; lines without a colon are skipped.
   */
  public static void forEach(String head, Visitor v) throws IOException {
    int at = head.indexOf("\r\n");
    if (at < 0) {
      return;
    }
    for (at += 2; at < head.length(); ) {
      int next = head.indexOf("\r\n", at);
      if (next < 0) {
        next = head.length();
      }
      int colon = head.indexOf(':', at);
      if (colon > at && colon < next) {
        v.header(head.substring(at, colon).trim().toLowerCase(Locale.ROOT),
            head.substring(colon + 1, next).trim().toLowerCase(Locale.ROOT));
      }
      at = next + 2;
    }
  }
}
