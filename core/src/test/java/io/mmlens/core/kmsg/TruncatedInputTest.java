package io.mmlens.core.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hand-written scanners must never throw on bad input: every real line of every fixture, cut at
 * every length and garbled at random, goes through the normalizer, the classifier and the
 * assembler.
 */
class TruncatedInputTest {

  private static final String[] FIXTURES = {
    "seed000-2.6.32-431.17.1.el6.x86_64", "seed001-2.6.39-linode33", "seed002-3.2.59",
    "seed003-3.13.0-86-generic", "seed004-3.10.0-514.el7.x86_64", "devkmsg-memcg-v1-6.18.44-fc-v657"
  };

  private static final String[] EXTRA = {
    "<4>1 2026-11-22T09:00:00.123456+00:00 db7 kernel - - [a b=\"c\\]\"] Mem-Info:",
    "[Sun Nov 22 09:00:00 2026] Out of memory: Killed process 4242 (java)",
    "[  818.754366][ T1234] lowmem_reserve[]: 0 0 0 0",
    "2026-11-22T09:00:00+0000 db7 kernel: Mem-Info:",
    "6,348,818754400,-,caller=T4242;active_anon:1 inactive_anon:2\\x0a active_file:3",
    " SUBSYSTEM=memory",
    "Nov 22 09:00:00.123456 db7 kernel: oom_reaper: reaped process 4242 (java)",
    "Nov 12 15:15:41 kernel: active_anon:44762 #012 active_file:13358#01",
  };

  private static List<String> allLines() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String f : FIXTURES) {
      for (String l : ReportAssemblerSeedTest.fixture(f).split("\n")) {
        lines.add(l);
      }
    }
    for (String l : EXTRA) {
      lines.add(l);
    }
    return lines;
  }

  @Test
  void everyPrefixOfEveryLineIsHandled() throws IOException {
    List<String> lines = allLines();
    int cuts = 0;
    List<RawReport> reports = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("cuts", reports::add).maxLineChars(400);
    LineNormalizer n = new LineNormalizer();
    for (String line : lines) {
      for (int len = 0; len <= line.length(); len++) {
        String cut = line.substring(0, len);
        n.normalize(cut, 1, l -> LineClassifier.classify(l.text()));
        LineClassifier.mayStartReport(cut, 0);
        asm.accept(cut);
        cuts++;
      }
    }
    asm.finish();
    assertTrue(cuts > 20_000, "cuts " + cuts);
    for (RawReport r : reports) {
      assertTrue(!r.lines().isEmpty());
    }
  }

  @Test
  void randomlyGarbledLinesAreHandled() throws IOException {
    List<String> lines = allLines();
    Random rnd = new Random(1234);
    String alphabet = " []<>:;,.#\\x0123456789abcdefkKNDMT=-*()\t";
    List<RawReport> reports = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("garbled", reports::add);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder sb = new StringBuilder(lines.get(rnd.nextInt(lines.size())));
      int edits = 1 + rnd.nextInt(6);
      for (int e = 0; e < edits && sb.length() > 0; e++) {
        int pos = rnd.nextInt(sb.length());
        switch (rnd.nextInt(3)) {
          case 0:
            sb.setCharAt(pos, alphabet.charAt(rnd.nextInt(alphabet.length())));
            break;
          case 1:
            sb.deleteCharAt(pos);
            break;
          default:
            sb.insert(pos, alphabet.charAt(rnd.nextInt(alphabet.length())));
            break;
        }
      }
      asm.accept(sb.toString());
    }
    asm.finish();
    assertEquals(0, asm.openReports());
  }
}
