package io.mmlens.core.kmsg;

import static io.mmlens.core.kmsg.ReportAssemblerSeedTest.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.Problem;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Streaming behaviour: hosts interleaved, reports cut short, unrelated floods, bounds, kmsg. */
class ReportAssemblerStreamTest {

  private static final String SEED001 = "seed001-2.6.39-linode33";
  private static final String SEED000 = "seed000-2.6.32-431.17.1.el6.x86_64";
  private static final String KMSG = "devkmsg-memcg-v1-6.18.44-fc-v657";

  private static String[] lines(String dir) throws IOException {
    return fixture(dir).split("\n", -1);
  }

  private static List<String> texts(RawReport r) {
    List<String> t = new ArrayList<>();
    for (LogLine l : r.lines()) {
      t.add(l.text());
    }
    return t;
  }

  /** Syslog lines only: an unprefixed line cannot be attributed to a host once hosts interleave. */
  private static String[] syslogLines(String dir) throws IOException {
    List<String> keep = new ArrayList<>();
    for (String l : lines(dir)) {
      if (l.startsWith("Nov ") || l.startsWith("Oct ") || l.startsWith("Sep ")) {
        keep.add(l);
      }
    }
    return keep.toArray(new String[0]);
  }

  private static List<RawReport> solo(String[] lines) {
    return ReportAssembler.assemble("solo", String.join("\n", lines));
  }

  @Test
  void twoHostsInterleavedAreSeparated() throws IOException {
    String[] a = syslogLines(SEED001); // host web1
    String[] b = syslogLines(SEED000); // host wv2-f302
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("mixed", got::add);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      if (i < a.length) {
        asm.accept(a[i]);
      }
      if (i < b.length) {
        asm.accept(b[i]);
      }
    }
    asm.finish();
    List<RawReport> soloA = solo(a);
    List<RawReport> soloB = solo(b);
    assertEquals(2, soloA.size());
    assertEquals(2, soloB.size());
    List<RawReport> gotA = new ArrayList<>();
    List<RawReport> gotB = new ArrayList<>();
    for (RawReport r : got) {
      ("web1".equals(r.host()) ? gotA : gotB).add(r);
    }
    assertEquals(soloA.size(), gotA.size());
    assertEquals(soloB.size(), gotB.size());
    for (int i = 0; i < soloA.size(); i++) {
      assertEquals(texts(soloA.get(i)), texts(gotA.get(i)));
      assertEquals(soloA.get(i).incomplete(), gotA.get(i).incomplete());
    }
    for (int i = 0; i < soloB.size(); i++) {
      assertEquals(texts(soloB.get(i)), texts(gotB.get(i)));
      assertEquals("wv2-f302", gotB.get(i).host());
    }
    RawReport oom = gotA.get(1);
    assertEquals("apache2 invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0, oom_score_adj=0", texts(oom).get(0));
    assertEquals(72, oom.lines().size());
    assertFalse(oom.incomplete());
  }

  /** Seed 001's report cut after its zone lines (input line 46). */
  private static List<String> seed001CutAtZones() throws IOException {
    String[] all = lines(SEED001);
    List<String> cut = new ArrayList<>();
    for (int i = 2; i < 46; i++) {
      cut.add(all[i]);
    }
    return cut;
  }

  @Test
  void reportCutMidwayIsEmittedIncompleteAtEndOfInput() throws IOException {
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("cut.log", got::add);
    for (String l : seed001CutAtZones()) {
      asm.accept(l);
    }
    assertEquals(0, got.size());
    asm.finish();
    assertEquals(1, got.size());
    RawReport r = got.get(0);
    assertTrue(r.incomplete());
    assertEquals("input ended before the report was complete", r.incompleteReason());
    assertEquals(44, r.lines().size());
    assertEquals("apache2 invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0, oom_score_adj=0", texts(r).get(0));
    assertEquals("lowmem_reserve[]: 0 0 0 0", texts(r).get(43));
  }

  @Test
  void reportCutMidwayIsEmittedIncompleteWhenIdle() throws IOException {
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("cut.log", got::add).idleMillis(5_000);
    for (String l : seed001CutAtZones()) {
      asm.accept(l);
    }
    asm.expireIdle(1_000_000);
    asm.expireIdle(1_004_999);
    assertEquals(0, got.size(), "not idle long enough yet");
    asm.expireIdle(1_005_000);
    assertEquals(1, got.size());
    assertTrue(got.get(0).incomplete());
    assertEquals("no further line for 5000 ms", got.get(0).incompleteReason());
    assertEquals(44, got.get(0).lines().size());
    assertEquals(0, asm.openReports());
  }

  @Test
  void reportCutMidwayIsEmittedIncompleteWhenUnrelatedLinesFollow() throws IOException {
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("cut.log", got::add).maxGapLines(5);
    for (String l : seed001CutAtZones()) {
      asm.accept(l);
    }
    for (int i = 0; i < 5; i++) {
      asm.accept("Sep 10 01:07:32 web1 kernel: e1000: eth0 NIC Link is Up 1000 Mbps Full Duplex");
    }
    assertEquals(0, got.size());
    asm.accept("Sep 10 01:07:32 web1 kernel: e1000: eth0 NIC Link is Up 1000 Mbps Full Duplex");
    assertEquals(1, got.size());
    assertEquals("interrupted by 6 unrelated lines", got.get(0).incompleteReason());
    assertEquals(44, got.get(0).lines().size());
  }

  @Test
  void hundredThousandUnrelatedKernelLinesYieldNoReport() {
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("noise.log", got::add);
    UnrelatedLines gen = new UnrelatedLines(new Random(42));
    for (int i = 0; i < 100_000; i++) {
      asm.accept(gen.next());
    }
    asm.finish();
    assertEquals(List.of(), got);
    assertEquals(0, asm.openReports());
  }

  @Test
  void devKmsgRecordsOfARealMemcgOomAssembleIntoOneCompleteReport() throws IOException {
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("/dev/kmsg", got::add).idleMillis(2_000);
    for (String record : lines(KMSG)) {
      if (!record.isEmpty()) {
        asm.accept(record);
      }
    }
    assertEquals(0, got.size(), "waits for oom_reaper or the next line");
    asm.expireIdle(0);
    asm.expireIdle(2_000);
    assertEquals(1, got.size());
    RawReport r = got.get(0);
    assertFalse(r.incomplete(), r::incompleteReason);
    assertNull(r.host());
    assertEquals(79, r.lines().size());
    LogLine header = r.lines().get(0);
    assertEquals("python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0", header.text());
    assertEquals(2039.90719, header.uptimeSeconds(), 1e-9);
    assertEquals("kmsg", header.prefixFormat());
    assertEquals("[   9324]     0  9324    16478    15608    13952     1656         0   172032        0             0 python3",
        texts(r).get(76));
    assertTrue(texts(r).get(78).startsWith("Memory cgroup out of memory: Killed process 9324 (python3)"));
  }

  @Test
  void devKmsgDictionaryContinuationAndSplitOomKillRecords() {
    // Record layout per Documentation/ABI/testing/dev-kmsg: dictionary lines start with a space
    // and are KEY=value; text newlines arrive escaped as \x0a. The 5.0-era oom-kill split is the
    // one described in kernel-formats.md §1.3.
    String[] records = {
      "4,100,5000000,-;java invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
      "4,101,5000010,-;CPU: 1 PID: 4242 Comm: java Not tainted 5.0.0-13-generic #14-Ubuntu",
      " SUBSYSTEM=cpu",
      " DEVICE=+cpu:cpu1",
      "4,102,5000020,-;Mem-Info:",
      "4,103,5000030,-;active_anon:1 inactive_anon:2 isolated_anon:0\\x0a active_file:3 inactive_file:4 isolated_file:0",
      " unevictable:0 dirty:0 writeback:0 unstable:0",
      "6,104,5000040,-;Tasks state (memory values in pages):",
      "6,105,5000050,-;[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
      "6,106,5000060,-;[   4242]  1000  4242   788992   262455  2113536        0             0 java",
      "6,107,5000070,-;oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0",
      "6,108,5000080,-;,global_oom,task_memcg=/user.slice,task=java,pid=4242,uid=1000",
      "3,109,5000090,-;Out of memory: Killed process 4242 (java) total-vm:3155968kB, anon-rss:1049820kB, file-rss:0kB, shmem-rss:0kB",
      "6,110,5000500,-;oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
    };
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("/dev/kmsg", got::add);
    for (String rec : records) {
      asm.accept(rec);
    }
    assertEquals(1, got.size(), "oom_reaper completes the report at once");
    List<String> t = texts(got.get(0));
    assertEquals(List.of(
        "java invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0",
        "CPU: 1 PID: 4242 Comm: java Not tainted 5.0.0-13-generic #14-Ubuntu",
        "Mem-Info:",
        "active_anon:1 inactive_anon:2 isolated_anon:0",
        " active_file:3 inactive_file:4 isolated_file:0",
        " unevictable:0 dirty:0 writeback:0 unstable:0",
        "Tasks state (memory values in pages):",
        "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
        "[   4242]  1000  4242   788992   262455  2113536        0             0 java",
        "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=java,pid=4242,uid=1000",
        "Out of memory: Killed process 4242 (java) total-vm:3155968kB, anon-rss:1049820kB, file-rss:0kB, shmem-rss:0kB",
        "oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"), t);
    assertFalse(got.get(0).incomplete());
    assertEquals(5.00003, got.get(0).lines().get(5).uptimeSeconds(), 1e-9);
  }

  @Test
  void reportLineLimitEmitsOnceAndSwallowsTheRest() throws IOException {
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("big.log", got::add).maxReportLines(100);
    String[] seed = lines(SEED001);
    for (int i = 2; i < 61; i++) { // header .. task table header (input 61)
      asm.accept(seed[i]);
    }
    for (int pid = 1; pid <= 1_000_000; pid++) {
      asm.accept("Sep 10 01:07:31 web1 kernel: [" + pid + "] 0 " + pid + " 552 184 3 0 0 worker");
    }
    assertEquals(1, got.size());
    RawReport r = got.get(0);
    assertEquals(100, r.lines().size());
    assertTrue(r.incomplete());
    assertEquals("line limit of 100 reached", r.incompleteReason());
    assertEquals(Problem.Kind.LIMIT, r.problems().get(0).kind());
    assertEquals("big.log:101: limit: report longer than 100 lines; the rest of it is skipped",
        r.problems().get(0).toString());
    for (int i = 72; i < 74; i++) { // the kill lines end the swallowed report without a new one
      asm.accept(seed[i]);
    }
    asm.accept("Sep 10 01:07:32 web1 kernel: e1000: eth0 NIC Link is Up");
    asm.finish();
    assertEquals(1, got.size());
  }

  @Test
  void hugeLineIsReadBoundedAndCutWithAProblem() throws IOException {
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("huge.log", got::add).maxLineChars(1000);
    String head = "Nov 20 12:42:42 h kernel: apache2 invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0\n"
        + "Nov 20 12:42:42 h kernel: Pid: 31143, comm: apache2 Tainted: G W 2.6.39 #5 ";
    long filler = 100L << 20; // 100 MB more on that line, never held in memory
    String tail = "\nNov 20 12:42:42 h kernel: Mem-Info:\n";
    asm.acceptReader(new GeneratedReader(head, filler, tail));
    asm.finish();
    assertEquals(1, got.size());
    RawReport r = got.get(0);
    assertEquals(3, r.lines().size());
    assertEquals(1000 - "Nov 20 12:42:42 h kernel: ".length(), r.lines().get(1).text().length());
    assertEquals("huge.log:2: limit: line of more than 1000 characters cut to 1000",
        r.problems().get(0).toString());
  }

  /**
   * Ten million task-table rows in one report (a runaway or hostile log) through the full
   * decoder: the report stops storing at the default bound and is emitted incomplete; the rest
   * streams past without being kept.
   */
  @Test
  void tenMillionLineReportIsBoundedByDefault() throws IOException {
    List<KernelReport> got = new ArrayList<>();
    KernelLogDecoder d = new KernelLogDecoder("flood.log", got::add);
    String head = "Nov 20 12:42:42 h kernel: apache2 invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0\n"
        + "Nov 20 12:42:42 h kernel: [ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name\n";
    String row = "Nov 20 12:42:42 h kernel: [ 1234]     0  1234    12345      678   1       0             0 worker\n";
    long rows = 10_000_000L;
    d.assembler().acceptReader(new Reader() {
      private long pos;
      private final long total = head.length() + rows * row.length();

      @Override
      public int read(char[] buf, int off, int len) {
        if (pos >= total) {
          return -1;
        }
        if (pos < head.length()) {
          int n = (int) Math.min(len, head.length() - pos);
          head.getChars((int) pos, (int) pos + n, buf, off);
          pos += n;
          return n;
        }
        int at = (int) ((pos - head.length()) % row.length());
        int n = (int) Math.min(Math.min(len, row.length() - at), total - pos);
        row.getChars(at, at + n, buf, off);
        pos += n;
        return n;
      }

      @Override
      public void close() {}
    });
    d.flush();
    assertEquals(1, got.size());
    KernelReport r = got.get(0);
    assertTrue(r.incomplete());
    assertEquals("line limit of " + ReportAssembler.DEFAULT_MAX_REPORT_LINES + " reached",
        r.toMap().get("incomplete_reason"));
    assertEquals(ReportAssembler.DEFAULT_MAX_REPORT_LINES - 2, r.tasks().size(), "rows stored up to the bound");
    assertEquals("apache2", r.processName());
  }

  @Test
  void reportWithoutHostEndsWhenOnlyOtherHostsKeepLogging() throws IOException {
    // Seed 003 has no prefix (host unknown); a busy multi-host stream follows it.
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("mixed", got::add).maxGapLines(8);
    asm.acceptText(fixture("seed003-3.13.0-86-generic"));
    UnrelatedLines gen = new UnrelatedLines(new Random(7));
    int fed = 0;
    while (got.isEmpty() && fed < 1000) {
      asm.accept(gen.next());
      fed++;
    }
    assertEquals(1, got.size());
    assertTrue(fed <= 8 + 16, "emitted after " + fed + " lines");
    assertFalse(got.get(0).incomplete(), got.get(0)::incompleteReason);
    assertEquals(39, got.get(0).lines().size());
  }

  @Test
  void unfinishedReportOfASilentHostIsGivenUpAfterMaxStaleLines() throws IOException {
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("mixed", got::add).maxStaleLines(100);
    for (String l : seed001CutAtZones()) {
      asm.accept(l);
    }
    for (int i = 0; i < 150 && got.isEmpty(); i++) {
      asm.accept("Sep 10 01:07:32 other-host kernel: e1000: eth0 NIC Link is Up 1000 Mbps Full Duplex");
    }
    assertEquals(1, got.size());
    assertTrue(got.get(0).incomplete());
    assertTrue(got.get(0).incompleteReason().startsWith("no line from its host in the last 1"),
        got.get(0).incompleteReason());
    assertEquals(44, got.get(0).lines().size());
  }

  @Test
  void unrelatedLinesInsideAReportAreLeftOut() throws IOException {
    String[] seed = lines(SEED001);
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("gap.log", got::add);
    for (int i = 2; i < seed.length; i++) {
      asm.accept(seed[i]);
      if (i == 30) { // inside the per-cpu block
        asm.accept("Sep 10 01:07:31 web1 kernel: e1000: eth0 NIC Link is Down");
        asm.accept("Sep 10 01:07:31 web1 kernel: IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready");
      }
    }
    asm.finish();
    assertEquals(1, got.size());
    assertFalse(got.get(0).incomplete(), got.get(0)::incompleteReason);
    assertEquals(72, got.get(0).lines().size());
    for (String t : texts(got.get(0))) {
      assertFalse(t.contains("eth0"), t);
    }
  }

  @Test
  void memcgOomOfThe4xEraWithTheTaskInLineSplitAcrossRecords() {
    // 4.x memcg OOM (pieces of "Task in ... killed as a result of limit of ..." are pr_cont'd
    // and may land on separate lines, kernel-formats.md 1.6).
    String log = String.join("\n",
        "[ 4242.000001] java invoked oom-killer: gfp_mask=0x14000c0(GFP_KERNEL), nodemask=(null), order=0, oom_score_adj=0",
        "[ 4242.000002] java cpuset=/ mems_allowed=0",
        "[ 4242.000003] CPU: 1 PID: 4242 Comm: java Not tainted 4.15.0-112-generic #113-Ubuntu",
        "[ 4242.000004] Call Trace:",
        "[ 4242.000005]  dump_stack+0x6d/0x8e",
        "[ 4242.000006] Task in /docker/1f2e",
        "[ 4242.000007]  killed as a result of limit of /docker/1f2e",
        "[ 4242.000008] memory: usage 524288kB, limit 524288kB, failcnt 1311",
        "[ 4242.000009] memory+swap: usage 524288kB, limit 1048576kB, failcnt 0",
        "[ 4242.000010] kmem: usage 2216kB, limit 9007199254740988kB, failcnt 0",
        "[ 4242.000011] Memory cgroup stats for /docker/1f2e: cache:0KB rss:524160KB rss_huge:0KB shmem:0KB mapped_file:0KB dirty:0KB writeback:0KB swap:0KB inactive_anon:0KB active_anon:524160KB inactive_file:0KB active_file:0KB unevictable:0KB",
        "[ 4242.000012] [ pid ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
        "[ 4242.000013] [ 4242]  1000  4242   788992   131200  1208320        0             0 java",
        "[ 4242.000014] Memory cgroup out of memory: Kill process 4242 (java) score 1001 or sacrifice child",
        "[ 4242.000015] Killed process 4242 (java) total-vm:3155968kB, anon-rss:524160kB, file-rss:0kB, shmem-rss:0kB",
        "[ 4242.100000] oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
    List<RawReport> got = ReportAssembler.assemble("dmesg", log);
    assertEquals(1, got.size());
    List<String> t = texts(got.get(0));
    assertEquals(15, t.size());
    assertEquals("Task in /docker/1f2e killed as a result of limit of /docker/1f2e", t.get(5));
    assertEquals("oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB", t.get(14));
    assertFalse(got.get(0).incomplete());
  }

  @Test
  void tooManyHostsWithOpenReportsEvictsTheLeastRecentlyActive() {
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("fleet", got::add).maxOpenReports(2);
    for (String host : new String[] {"a", "b", "c"}) {
      asm.accept("Nov 20 12:42:42 " + host + " kernel: Mem-Info:");
    }
    assertEquals(1, got.size());
    assertEquals("a", got.get(0).host());
    assertEquals("no header: the report starts at 'Mem-Info:'; more than 2 hosts had a report open at once",
        got.get(0).incompleteReason());
    assertEquals(2, asm.openReports());
  }

  @Test
  void bareLinesQuotedAfterAPrefixedReportAreNotAbsorbed() throws IOException {
    // Seed 000's answer quotes two buddy lines without prefix after the truncated failure report.
    String text = fixture(SEED000) + "\n\u89e3\u51b3\u65b9\u6cd5\n\n"
        + "Node 0 Normal: 1648026*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 6592104kB\n"
        + "Node 1 Normal: 8390977*4kB 1181188*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB\n";
    List<RawReport> got = ReportAssembler.assemble("seed000 page", text);
    assertEquals(2, got.size());
    assertEquals(72, got.get(1).lines().size());
    assertTrue(texts(got.get(1)).get(71).startsWith("[<ffffffff8100b072>] ? system_call_fastpath"));
  }

  @Test
  void crlfLinesFedOneByOneGiveTheSameReport() throws IOException {
    List<RawReport> got = new ArrayList<>();
    ReportAssembler asm = new ReportAssembler("crlf", got::add);
    for (String l : lines(SEED001)) {
      asm.accept(l + "\r");
    }
    asm.finish();
    List<RawReport> plain = ReportAssemblerSeedTest.assemble(SEED001);
    assertEquals(plain.size(), got.size());
    assertEquals(texts(plain.get(1)), texts(got.get(1)));
  }

  /** A reader that produces head, then n filler characters, then tail, without a backing array. */
  static final class GeneratedReader extends Reader {
    private final String head;
    private final String tail;
    private final long filler;
    private long pos;

    GeneratedReader(String head, long filler, String tail) {
      this.head = head;
      this.filler = filler;
      this.tail = tail;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      long total = head.length() + filler + tail.length();
      if (pos >= total) {
        return -1;
      }
      int n = 0;
      while (n < len && pos < total) {
        char c;
        if (pos < head.length()) {
          c = head.charAt((int) pos);
        } else if (pos < head.length() + filler) {
          c = 'x';
        } else {
          c = tail.charAt((int) (pos - head.length() - filler));
        }
        buf[off + n++] = c;
        pos++;
      }
      return n;
    }

    @Override
    public void close() {}
  }
}
