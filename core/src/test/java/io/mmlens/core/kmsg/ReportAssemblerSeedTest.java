package io.mmlens.core.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The five seed logs assemble into the right reports with the right (repaired) lines. */
class ReportAssemblerSeedTest {

  static String fixture(String dir) throws IOException {
    try (InputStream in = ReportAssemblerSeedTest.class.getResourceAsStream("/reports/" + dir + "/input.log")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<RawReport> assemble(String dir) throws IOException {
    return ReportAssembler.assemble(dir + "/input.log", fixture(dir));
  }

  private static String text(RawReport r, int i) {
    return r.lines().get(i).text();
  }

  private static LogLine last(RawReport r) {
    return r.lines().get(r.lines().size() - 1);
  }

  @Test
  void seed000HeaderlessDumpAndTruncatedAllocationFailure() throws IOException {
    List<RawReport> rs = assemble("seed000-2.6.32-431.17.1.el6.x86_64");
    assertEquals(2, rs.size());
    RawReport dump = rs.get(0);
    assertEquals("wv2-f302", dump.host());
    assertEquals(33, dump.lines().size()); // input lines 1-34 without the blank line 27
    assertEquals("active_anon:79945387 inactive_anon:3660742 isolated_anon:0", text(dump, 0));
    assertEquals(1, dump.lines().get(0).lineNumber());
    assertEquals("[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name", text(dump, 26));
    assertEquals("...", text(dump, 30));
    assertEquals("Killed process 3878,UID 0,(qemu_wl52) total-vm:128169596kB,anon-rss:126277476kB,file-rss:176kB",
        last(dump).text());
    assertEquals(34, last(dump).lineNumber());
    assertTrue(dump.incomplete());
    assertTrue(dump.incompleteReason().startsWith("no header: the report starts at 'active_anon:"),
        dump.incompleteReason());

    RawReport failure = rs.get(1);
    assertEquals("qemu_wl50: page allocation failure. order:4,mode:0x20", text(failure, 0));
    assertEquals(36, failure.lines().get(0).lineNumber());
    assertEquals(72, failure.lines().size());
    assertEquals(107, last(failure).lineNumber());
    assertTrue(failure.incomplete());
    assertEquals("input ended before the report was complete", failure.incompleteReason());
  }

  @Test
  void seed001KillLinesOfAnEarlierOomThenACompleteReport() throws IOException {
    List<RawReport> rs = assemble("seed001-2.6.39-linode33");
    assertEquals(2, rs.size());
    RawReport earlier = rs.get(0);
    assertEquals(2, earlier.lines().size());
    assertEquals("Killed process 2190 (portmap) total-vm:1820kB, anon-rss:100kB, file-rss:360kB",
        text(earlier, 1));
    assertTrue(earlier.incomplete());

    RawReport oom = rs.get(1);
    assertEquals("web1", oom.host());
    assertFalse(oom.incomplete(), oom::incompleteReason);
    assertNull(oom.incompleteReason());
    assertEquals(72, oom.lines().size()); // input lines 3-74
    assertEquals("apache2 invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0, oom_score_adj=0", text(oom, 0));
    assertEquals("Sep 10 01:07:31", oom.lines().get(0).timestamp());
    assertEquals("Killed process 2196 (rpc.statd) total-vm:1880kB, anon-rss:124kB, file-rss:576kB", last(oom).text());
    assertEquals(74, last(oom).lineNumber());
  }

  @Test
  void seed002WrappedZoneLinesAreRejoinedAndTheProseIsKept() throws IOException {
    List<RawReport> rs = assemble("seed002-3.2.59");
    assertEquals(1, rs.size());
    RawReport oom = rs.get(0);
    assertFalse(oom.incomplete(), oom::incompleteReason);
    assertNull(oom.host());
    assertEquals(74, oom.lines().size()); // 78 physical lines, 4 of them wrapped continuations
    LogLine dma = find(oom, "DMA free:");
    assertEquals(50, dma.lineNumber());
    assertEquals("DMA free:3624kB min:140kB low:172kB high:208kB active_anon:0kB inactive_anon:0kB active_file:0kB"
        + " inactive_file:0kB unevictable:0kB isolated(anon):0kB isolated(file):0kB present:15808kB mlocked:0kB"
        + " dirty:0kB writeback:0kB mapped:0kB shmem:0kB slab_reclaimable:240kB slab_unreclaimable:0kB"
        + " kernel_stack:0kB pagetables:0kB unstable:0kB bounce:0kB writeback_tmp:0kB pages_scanned:0"
        + " all_unreclaimable? yes", dma.text());
    assertEquals(1772321.850759, dma.uptimeSeconds(), 1e-6);
    LogLine normal = find(oom, "Normal free:");
    assertTrue(normal.text().contains(" isolated(anon):0kB isolated(file):0kB present:890008kB "), normal.text());
    assertTrue(normal.text().contains(" unstable:0kB bounce:0kB "), normal.text());
    assertTrue(normal.text().endsWith("pages_scanned:1015 all_unreclaimable? yes"), normal.text());
    assertEquals("HighMem: 13*4kB 14*8kB 2*16kB 2*32kB 0*64kB 0*128kB 2*256kB 2*512kB 3*1024kB 0*2048kB 136*4096kB = 561924kB",
        find(oom, "HighMem: ").text());
    assertEquals("(rest of process list omitted)", find(oom, "(rest").text());
    assertEquals("Killed process 21832 (clamd) total-vm:169876kB, anon-rss:146900kB, file-rss:2712kB", last(oom).text());
  }

  @Test
  void seed003BuddyLinesRunTogetherAreSplit() throws IOException {
    List<RawReport> rs = assemble("seed003-3.13.0-86-generic");
    assertEquals(1, rs.size());
    RawReport oom = rs.get(0);
    assertFalse(oom.incomplete(), oom::incompleteReason);
    assertEquals(39, oom.lines().size()); // 38 lines, one holding two buddy lines
    assertEquals("nginx invoked oom-killer: gfp_mask=0x200da, order=0, oom_score_adj=0", text(oom, 0));
    assertEquals("Node 0 DMA: 1*4kB (U) 0*8kB 0*16kB 1*32kB (U) 2*64kB (U) 1*128kB (U) 1*256kB (U) 0*512kB"
        + " 1*1024kB (U) 1*2048kB (R) 3*4096kB (M) = 15908kB", text(oom, 13));
    assertEquals("Node 0 DMA32: 1101*4kB (UE) 745*8kB (UEM) 475*16kB (UEM) 263*32kB (EM) 88*64kB (UEM)"
        + " 25*128kB (E)12*256kB (EM) 6*512kB (E) 7*1024kB (EM) 0*2048kB 0*4096kB = 48524kB", text(oom, 14));
    assertEquals(14, oom.lines().get(14).lineNumber());
    assertEquals("...(此处有省略)", find(oom, "...").text());
    assertEquals("Killed process 10366 (nginx) total-vm:84784kB, anon-rss:49156kB, file-rss:520kB", last(oom).text());
  }

  @Test
  void seed004PackedCountersAndIndentedWrapsAreRepaired() throws IOException {
    List<RawReport> rs = assemble("seed004-3.10.0-514.el7.x86_64");
    assertEquals(2, rs.size());
    RawReport failure = rs.get(0);
    assertFalse(failure.incomplete(), failure::incompleteReason);
    assertEquals("exe: page allocation failure: order:6, mode:0x10c0d0", text(failure, 0));
    assertEquals(56, failure.lines().size());
    int mem = indexOf(failure, "Mem-Info:");
    assertEquals("active_anon:44762 inactive_anon:52333 isolated_anon:26", text(failure, mem + 1));
    assertEquals(" active_file:13358 inactive_file:10581 isolated_file:0", text(failure, mem + 2));
    assertEquals(" unevictable:103032 dirty:2 writeback:130 unstable:0", text(failure, mem + 3));
    assertEquals(" slab_reclaimable:1935137 slab_unreclaimable:1709086", text(failure, mem + 4));
    assertEquals(" mapped:17698 shmem:1682 pagetables:5134 bounce:0", text(failure, mem + 5));
    assertEquals(" free:113585 free_pcp:39 free_cma:0", text(failure, mem + 6));
    assertEquals(35, failure.lines().get(mem + 6).lineNumber());
    assertEquals("Node 0 Normal free:311184kB min:55536kB low:69420kB high:83304kB active_anon:139360kB"
        + " inactive_anon:164952kB active_file:37528kB inactive_file:30384kB unevictable:316372kB"
        + " isolated(anon):104kB isolated(file):0kB present:13631488kB managed:13367020kB mlocked:316372kB"
        + " dirty:8kB writeback:520kB mapped:50376kB shmem:5080kB slab_reclaimable:6416164kB"
        + " slab_unreclaimable:5682152kB kernel_stack:10752kB pagetables:18380kB unstable:0kB bounce:0kB"
        + " free_pcp:128kB local_pcp:0kB free_cma:0kB writeback_tmp:0kB pages_scanned:0 all_unreclaimable? no",
        find(failure, "Node 0 Normal free:").text());
    assertEquals("127323 pages reserved", last(failure).text());

    RawReport kmem = rs.get(1);
    assertFalse(kmem.incomplete(), kmem::incompleteReason);
    assertEquals("kmem_cache_create(nf_conntrack_ffff8803eef66180) failed with error -12", text(kmem, 0));
    assertEquals(23, kmem.lines().size()); // input 63-85; 86 is nf_conntrack's own message
    assertEquals(85, last(kmem).lineNumber());
  }

  @Test
  void readerPathGivesTheSameReports() throws IOException {
    String dir = "seed004-3.10.0-514.el7.x86_64";
    List<RawReport> viaReader = new ArrayList<>();
    ReportAssembler a = new ReportAssembler(dir, viaReader::add);
    try (Reader r = new InputStreamReader(
        getClass().getResourceAsStream("/reports/" + dir + "/input.log"), StandardCharsets.UTF_8)) {
      a.acceptReader(r);
    }
    a.finish();
    List<RawReport> viaText = assemble(dir);
    assertEquals(viaText.size(), viaReader.size());
    for (int i = 0; i < viaText.size(); i++) {
      assertEquals(viaText.get(i).lines().toString(), viaReader.get(i).lines().toString());
    }
  }

  static LogLine find(RawReport r, String prefix) {
    return r.lines().get(indexOf(r, prefix));
  }

  static int indexOf(RawReport r, String prefix) {
    for (int i = 0; i < r.lines().size(); i++) {
      if (r.lines().get(i).text().startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line starting with " + prefix + " in " + r.lines());
  }
}
