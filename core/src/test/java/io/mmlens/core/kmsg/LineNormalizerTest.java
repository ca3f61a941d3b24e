package io.mmlens.core.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineNormalizerTest {

  private static List<LogLine> norm(String... physical) {
    LineNormalizer n = new LineNormalizer();
    List<LogLine> out = new ArrayList<>();
    long no = 1;
    for (String p : physical) {
      n.normalize(p, no++, out::add);
    }
    return out;
  }

  private static LogLine one(String physical) {
    List<LogLine> l = norm(physical);
    assertEquals(1, l.size(), () -> "logical lines of " + physical + ": " + l);
    return l.get(0);
  }

  @Test
  void syslogWithHost() {
    // seed 000
    LogLine l = one("Nov 20 12:42:42 wv2-f302 kernel: active_anon:79945387 inactive_anon:3660742 isolated_anon:0");
    assertEquals("active_anon:79945387 inactive_anon:3660742 isolated_anon:0", l.text());
    assertEquals("wv2-f302", l.host());
    assertEquals("Nov 20 12:42:42", l.timestamp());
    assertEquals("syslog", l.prefixFormat());
    assertFalse(l.hasUptime());
  }

  @Test
  void syslogWithoutHost() {
    // seed 004
    LogLine l = one("Nov 12 15:15:41 kernel: exe: page allocation failure: order:6, mode:0x10c0d0");
    assertEquals("exe: page allocation failure: order:6, mode:0x10c0d0", l.text());
    assertNull(l.host());
    assertEquals("Nov 12 15:15:41", l.timestamp());
  }

  @Test
  void syslogOtherProgramKeepsItsTag() {
    // seed 004 line 9
    LogLine l = one("Nov 12 15:15:41 slave-138 dockerd: time=\"2017-11-12T15:15:41.523932697+08:00\" level=error");
    assertEquals("dockerd: time=\"2017-11-12T15:15:41.523932697+08:00\" level=error", l.text());
    assertEquals("slave-138", l.host());
  }

  @Test
  void syslogSingleDigitDayAndPrintkTime() {
    LogLine l = one("Nov  2 09:00:01 db7 kernel: [  818.754366] Mem-Info:");
    assertEquals("Mem-Info:", l.text());
    assertEquals("db7", l.host());
    assertEquals("Nov  2 09:00:01", l.timestamp());
    assertEquals(818.754366, l.uptimeSeconds(), 1e-9);
  }

  @Test
  void journaldShortPrecise() {
    LogLine l = one("Nov 22 09:00:00.123456 db7 kernel: oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
    assertEquals("Nov 22 09:00:00.123456", l.timestamp());
    assertTrue(l.text().startsWith("oom_reaper: reaped process 4242"));
  }

  @Test
  void metalogKernelBracketAndUptime() {
    // seed 002
    LogLine l = one("Sep 23 02:04:16 [kernel] [1772321.850644] clamd invoked oom-killer: gfp_mask=0x84d0, order=0, oom_adj=0, oom_score_adj=0");
    assertEquals("clamd invoked oom-killer: gfp_mask=0x84d0, order=0, oom_adj=0, oom_score_adj=0", l.text());
    assertEquals("metalog", l.prefixFormat());
    assertNull(l.host());
    assertEquals(1772321.850644, l.uptimeSeconds(), 1e-6);
  }

  @Test
  void printkTimeAndCallerIds() {
    LogLine a = one("[  818.754366] Node 0 DMA32 free:48516kB min:31704kB");
    assertEquals("Node 0 DMA32 free:48516kB min:31704kB", a.text());
    assertEquals("printk", a.prefixFormat());
    assertEquals(818.754366, a.uptimeSeconds(), 1e-9);
    assertEquals("Mem-Info:", one("[  818.754366][ T1234] Mem-Info:").text());
    assertEquals("Mem-Info:", one("[  818.754366] [T1234] Mem-Info:").text());
    assertEquals("lowmem_reserve[]: 0 0 0 0", one("[    0.000000][    C0] lowmem_reserve[]: 0 0 0 0").text());
  }

  @Test
  void taskRowAndCallTraceAreNotPrintkTimes() {
    assertEquals("[ 3878]     0  3878 32042399 31569413  10       0             0 qemu_wl52",
        one("[ 3878]     0  3878 32042399 31569413  10       0             0 qemu_wl52").text());
    LogLine t = one("[<ffffffff81685fac>] dump_stack+0x19/0x1b");
    assertEquals("[<ffffffff81685fac>] dump_stack+0x19/0x1b", t.text());
    assertEquals("none", t.prefixFormat());
  }

  @Test
  void journaldShortMonotonicAndSyslogPriority() {
    LogLine m = one("[  818.754366] db7 kernel: Mem-Info:");
    assertEquals("Mem-Info:", m.text());
    assertEquals("db7", m.host());
    assertEquals(818.754366, m.uptimeSeconds(), 1e-9);
    LogLine p = one("<4>Nov 20 12:42:42 wv2-f302 kernel: Mem-Info:");
    assertEquals("Mem-Info:", p.text());
    assertEquals("wv2-f302", p.host());
    assertEquals("syslog", p.prefixFormat());
  }

  @Test
  void dmesgT() {
    LogLine l = one("[Sun Nov 22 09:00:00 2026] Out of memory: Killed process 4242 (java)");
    assertEquals("Out of memory: Killed process 4242 (java)", l.text());
    assertEquals("Sun Nov 22 09:00:00 2026", l.timestamp());
    assertEquals("dmesg-T", l.prefixFormat());
  }

  @Test
  void iso8601AndShortIso() {
    LogLine l = one("2026-11-22T09:00:00.123456+00:00 db7 kernel: Mem-Info:");
    assertEquals("Mem-Info:", l.text());
    assertEquals("db7", l.host());
    assertEquals("2026-11-22T09:00:00.123456+00:00", l.timestamp());
    assertEquals("iso8601", l.prefixFormat());
    LogLine j = one("2026-11-22T09:00:00+0000 db7 kernel: [  818.754366] Mem-Info:");
    assertEquals("Mem-Info:", j.text());
    assertEquals(818.754366, j.uptimeSeconds(), 1e-9);
  }

  @Test
  void rfc5424() {
    LogLine l = one("<4>1 2026-11-22T09:00:00.123456+00:00 db7 kernel - - - nginx invoked oom-killer: gfp_mask=0x200da, order=0, oom_score_adj=0");
    assertEquals("nginx invoked oom-killer: gfp_mask=0x200da, order=0, oom_score_adj=0", l.text());
    assertEquals("db7", l.host());
    assertEquals("rfc5424", l.prefixFormat());
    LogLine sd = one("<6>1 2026-11-22T09:00:00Z db7 kernel - - [meta seq=\"1\\]\"] Mem-Info:");
    assertEquals("Mem-Info:", sd.text());
  }

  @Test
  void devKmsgRecordWithDictionaryAndContinuation() {
    List<LogLine> l = norm(
        "4,347,818754366,-;java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
        " SUBSYSTEM=memory",
        " DEVICE=+memory:memory0",
        "6,348,818754400,-,caller=T4242;active_anon:1 inactive_anon:2 isolated_anon:0\\x0a active_file:3 inactive_file:4 isolated_file:0",
        " unevictable:0 dirty:0 writeback:0");
    assertEquals(4, l.size(), l::toString);
    assertEquals("java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0", l.get(0).text());
    assertEquals(818.754366, l.get(0).uptimeSeconds(), 1e-9);
    assertEquals("kmsg", l.get(0).prefixFormat());
    assertEquals("active_anon:1 inactive_anon:2 isolated_anon:0", l.get(1).text());
    assertEquals(" active_file:3 inactive_file:4 isolated_file:0", l.get(2).text());
    assertEquals(4, l.get(2).lineNumber());
    assertEquals(" unevictable:0 dirty:0 writeback:0", l.get(3).text());
    assertEquals(818.7544, l.get(3).uptimeSeconds(), 1e-9);
    assertEquals(5, l.get(3).lineNumber());
  }

  @Test
  void kmsgBackslashAndTabEscapes() {
    assertEquals("a\\b\tc", one("6,1,2,-;a\\x5cb\\x09c").text());
  }

  @Test
  void rsyslogEscapesSplitOnePhysicalLine() {
    // seed 004 line 55: several Mem-Info counter lines packed into one record
    List<LogLine> l = norm("Nov 12 15:15:41 kernel: active_anon:44762 inactive_anon:52333 isolated_anon:26#012 active_file:13358 inactive_file:10581 isolated_file:0#012 unevictable:103032");
    assertEquals(3, l.size());
    assertEquals("active_anon:44762 inactive_anon:52333 isolated_anon:26", l.get(0).text());
    assertEquals(" active_file:13358 inactive_file:10581 isolated_file:0", l.get(1).text());
    assertEquals(" unevictable:103032", l.get(2).text());
    for (LogLine x : l) {
      assertEquals("Nov 12 15:15:41", x.timestamp());
      assertEquals(1, x.lineNumber());
    }
    assertEquals("a\tb", one("Nov 12 15:15:41 kernel: a#011b").text());
    assertEquals("Tainted: G W 2.6.39-linode33 #5", one("Sep 10 01:07:31 web1 kernel: Tainted: G W 2.6.39-linode33 #5").text());
  }

  @Test
  void unknownPrefixIsKeptAsIs() {
    assertEquals("Node 0 DMA: 2*4kB 1*8kB = 16kB", one("Node 0 DMA: 2*4kB 1*8kB = 16kB").text());
    assertEquals("                        dirty:2 writeback:130 unstable:0", one("                        dirty:2 writeback:130 unstable:0").text());
    assertEquals("", one("").text());
    assertEquals("Mem-Info:", one("kernel: Mem-Info:").text());
  }

  @Test
  void rememberedLineShapeGivesTheSameResultAsAFreshParse() {
    // A shared normalizer reuses the previous line's prefix shape; it must never change a result.
    java.util.Random rnd = new java.util.Random(5);
    UnrelatedLines gen = new UnrelatedLines(rnd);
    String[] odd = {
      "Nov 20 12:42:42 web-01 kernel: Mem-Info:",
      "Nov 20 12:42:42 web-01 kernel: [ 12.5] x",
      "Nov 20 12:42:42 web-01 dockerd: [  812345.123456] not the kernel",
      "Nov 20 12:42:42 web-01 kernel: [  812345.123456][T12] caller id",
      "Nov 20 12:42:42 web-0 kernel: [  812345.123456] short host",
      "Nov 20 12:42:42.5 web-01 kernel: [  812345.123456] fraction",
      "Nov 20 12:42:42 web-01 kernel: [  812345.123456]no blank",
    };
    LineNormalizer shared = new LineNormalizer();
    for (int i = 0; i < 20_000; i++) {
      String line = rnd.nextInt(10) == 0 ? odd[rnd.nextInt(odd.length)] : gen.next();
      List<LogLine> a = new ArrayList<>();
      shared.normalize(line, i, a::add);
      List<LogLine> b = new ArrayList<>();
      new LineNormalizer().normalize(line, i, b::add);
      assertEquals(b.size(), a.size(), line);
      for (int j = 0; j < a.size(); j++) {
        assertEquals(b.get(j).text(), a.get(j).text(), line);
        assertEquals(b.get(j).host(), a.get(j).host(), line);
        assertEquals(b.get(j).timestamp(), a.get(j).timestamp(), line);
        assertEquals(b.get(j).uptimeSeconds(), a.get(j).uptimeSeconds(), 1e-9, line);
        assertEquals(b.get(j).prefixFormat(), a.get(j).prefixFormat(), line);
      }
    }
  }

  @Test
  void normalizeAllSplitsLines() {
    List<LogLine> l = LineNormalizer.normalizeAll("Nov 20 12:42:42 h kernel: a\r\nb\n\nc");
    assertEquals(4, l.size());
    assertEquals("a", l.get(0).text());
    assertEquals("h", l.get(0).host());
    assertEquals("b", l.get(1).text());
    assertEquals("", l.get(2).text());
    assertEquals(4, l.get(3).lineNumber());
  }
}
