package io.mmlens.benchmarks;

import io.mmlens.core.kmsg.UnrelatedLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A realistic multi-MB kernel log: unrelated kernel lines from {@link UnrelatedLines} (seeded, so
 * every run sees the same bytes) with the real seed reports of core's fixtures interspersed.
 */
final class KernelLogCorpus {

  /** core/src/test/resources/reports/<dir>/input.log, shipped in core's test-jar. */
  static final String[] REPORT_FIXTURES = {
    "seed000-2.6.32-431.17.1.el6.x86_64",
    "seed001-2.6.39-linode33",
    "seed002-3.2.59",
    "seed003-3.13.0-86-generic",
    "seed004-3.10.0-514.el7.x86_64",
    "devkmsg-memcg-v1-6.18.44-fc-v657",
  };

  /** Reports the assembler emits per fixture (see each fixture's SOURCE.md). */
  static final int[] REPORTS_PER_FIXTURE = {2, 2, 1, 1, 2, 1};

  final String text;
  final int fixturesInserted;
  final int expectedReports;

  private KernelLogCorpus(String text, int fixturesInserted, int expectedReports) {
    this.text = text;
    this.fixturesInserted = fixturesInserted;
    this.expectedReports = expectedReports;
  }

  /**
   * @param bytes approximate size
   * @param linesBetweenReports unrelated lines between two inserted reports
   * @param latin1 replace the seeds' CJK characters so the text is Latin-1 (Java stores a
   *     String with any other character as UTF-16, which makes every character access dearer)
   */
  static KernelLogCorpus build(int bytes, int linesBetweenReports, long seed, boolean latin1) {
    String[] reports = new String[REPORT_FIXTURES.length];
    for (int i = 0; i < reports.length; i++) {
      reports[i] = read("/reports/" + REPORT_FIXTURES[i] + "/input.log");
      if (latin1) {
        reports[i] = toLatin1(reports[i]);
      }
    }
    UnrelatedLines gen = new UnrelatedLines(new Random(seed));
    StringBuilder sb = new StringBuilder(bytes + 64 * 1024);
    int inserted = 0;
    int expected = 0;
    int sinceReport = 0;
    while (sb.length() < bytes) {
      if (sinceReport == linesBetweenReports) {
        int k = inserted % reports.length;
        sb.append(reports[k]);
        if (reports[k].charAt(reports[k].length() - 1) != '\n') {
          sb.append('\n');
        }
        expected += REPORTS_PER_FIXTURE[k];
        inserted++;
        sinceReport = 0;
      }
      sb.append(gen.next()).append('\n');
      sinceReport++;
    }
    return new KernelLogCorpus(sb.toString(), inserted, expected);
  }

  /** Replaces the few CJK characters of the seeds so the whole text is stored as Latin-1. */
  private static String toLatin1(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c < 256 ? c : '?');
    }
    return sb.toString();
  }

  private static String read(String resource) {
    try (InputStream in = KernelLogCorpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("fixture missing from core's test-jar: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
