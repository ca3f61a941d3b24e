package io.mmlens.core.kmsg;

import io.mmlens.core.json.PrettyJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden and explicit-value tests of the report parser on the five seed fixtures. */
class ReportParserSeedTest {

  static final Path ROOT = Paths.get("src/test/resources/reports");

  static List<KernelReport> decode(String dir) throws IOException {
    String text = new String(Files.readAllBytes(ROOT.resolve(dir).resolve("input.log")), StandardCharsets.UTF_8);
    List<KernelReport> out = new ArrayList<>();
    ReportParser p = new ReportParser(dir + "/input.log");
    for (RawReport r : ReportAssembler.assemble(dir + "/input.log", text)) {
      out.add(p.parse(r));
    }
    return out;
  }

  static LogZone zone(KernelReport r, Integer node, String name) {
    for (LogZone z : r.zones()) {
      if (z.state().name().equals(name) && java.util.Objects.equals(z.state().node(), node)) {
        return z;
      }
    }
    throw new AssertionError("no zone " + node + " " + name + " in " + r.toMap().get("zones"));
  }

  static void golden(String dir, List<KernelReport> reports) throws IOException {
    List<Object> maps = new ArrayList<>();
    for (KernelReport r : reports) {
      // the golden files carry the gfp/diagnosis fields too (gfp-diag extends them)
      maps.add(io.mmlens.core.diagnosis.GfpDiagAnalysis.attach(r, null).toMap());
    }
    String sb = PrettyJson.write(maps);
    Path exp = ROOT.resolve(dir).resolve("expected.json");
    // -Dmmlens.regolden=true rewrites the files after a reviewed change; a missing file fails
    if (Boolean.getBoolean("mmlens.regolden")) {
      Files.write(exp, sb.getBytes(StandardCharsets.UTF_8));
    }
    if (!Files.exists(exp)) {
      throw new AssertionError(exp + " missing: review the decode and run with -Dmmlens.regolden=true");
    }
    assertEquals(new String(Files.readAllBytes(exp), StandardCharsets.UTF_8), sb, dir);
  }

  @Test
  void seed001() throws IOException {
    String dir = "seed001-2.6.39-linode33";
    List<KernelReport> rs = decode(dir);
    KernelReport r = rs.get(rs.size() - 1);
    assertEquals("oom_kill", r.kind());
    assertEquals("apache2", r.processName());
    assertEquals(31143L, r.processPid());
    assertEquals("0xd0", r.gfpMask());
    assertEquals(1, r.order());
    assertEquals("2.6.39-linode33", r.release());
    LogZone n = zone(r, null, "Normal");
    assertEquals(5376L, n.state().free() * 4);
    assertEquals(4004L, n.state().min() * 4);
    assertEquals(1, n.largestFreeOrder());
    assertEquals(1, n.state().zoneIndex());
    assertEquals(2196L, r.victim().pid());
    assertEquals("rpc.statd", r.victim().name());
    golden(dir, rs);
  }

  @Test
  void seed002() throws IOException {
    String dir = "seed002-3.2.59";
    List<KernelReport> rs = decode(dir);
    KernelReport r = rs.get(0);
    assertEquals("clamd", r.processName());
    assertEquals(21832L, r.processPid());
    assertEquals("0x84d0", r.gfpMask());
    assertEquals(0, r.order());
    assertEquals("3.2.59", r.release());
    LogZone h = zone(r, null, "HighMem");
    assertFalse(h.watermarksKnown());
    assertEquals(561924L, h.buddyTotalKb());
    assertEquals(561924L / 4, h.state().free());
    assertEquals(2, h.state().zoneIndex());
    assertEquals(21832L, r.victim().pid());
    assertEquals("clamd", r.victim().name());
    assertEquals(146900L, r.victim().anonRssKb());
    golden(dir, rs);
  }

  @Test
  void seed003() throws IOException {
    String dir = "seed003-3.13.0-86-generic";
    List<KernelReport> rs = decode(dir);
    KernelReport r = rs.get(0);
    assertEquals("nginx", r.processName());
    assertEquals(10242L, r.processPid());
    assertEquals("0x200da", r.gfpMask());
    LogZone z = zone(r, 0, "DMA32");
    assertEquals(48516L, (long) z.lineValues().get("free"));
    assertEquals(31704L, (long) z.lineValues().get("min"));
    assertEquals(4221L, z.state().protection()[2]);
    assertEquals(4, z.state().protectionLength());
    assertEquals(0L, r.swapTotalKb());
    assertEquals(10366L, r.victim().pid());
    assertEquals("nginx", r.victim().name());
    golden(dir, rs);
  }

  @Test
  void seed004() throws IOException {
    String dir = "seed004-3.10.0-514.el7.x86_64";
    List<KernelReport> rs = decode(dir);
    KernelReport a = rs.get(0);
    assertEquals("alloc_failure", a.kind());
    assertEquals("exe", a.processName());
    assertEquals(18377L, a.processPid());
    assertEquals(6, a.order());
    assertEquals("0x10c0d0", a.gfpMask());
    assertEquals("3.10.0-514.el7.x86_64", a.release());
    assertEquals(5, zone(a, 0, "Normal").largestFreeOrder());
    assertEquals(3, zone(a, 0, "DMA32").largestFreeOrder());
    assertEquals(10, zone(a, 0, "DMA").largestFreeOrder());
    boolean cache = false;
    for (KernelReport r : rs) {
      if (!r.cacheCreateFailure().isEmpty()) {
        assertEquals("nf_conntrack_ffff8803eef66180", r.cacheCreateFailure().get("cache"));
        assertEquals(-12L, r.cacheCreateFailure().get("error"));
        cache = true;
      }
    }
    assertEquals(true, cache, "kmem_cache_create failure decoded");
    golden(dir, rs);
  }

  @Test
  void seed000() throws IOException {
    String dir = "seed000-2.6.32-431.17.1.el6.x86_64";
    List<KernelReport> rs = decode(dir);
    KernelReport dump = null;
    KernelReport alloc = null;
    for (KernelReport r : rs) {
      if (r.victim() != null && Long.valueOf(3878).equals(r.victim().pid())) dump = r;
      if ("alloc_failure".equals(r.kind())) alloc = r;
    }
    assertNotNull(dump, "dump with victim 3878");
    assertEquals("qemu_wl52", dump.victim().name());
    assertEquals(0L, dump.victim().uid());
    assertEquals(0, zone(dump, 0, "Normal").largestFreeOrder());
    assertEquals(1, zone(dump, 1, "Normal").largestFreeOrder());
    assertNull(dump.order());
    assertNotNull(alloc);
    assertEquals("qemu_wl50", alloc.processName());
    assertEquals(4444L, alloc.processPid());
    assertEquals("0x20", alloc.gfpMask());
    assertEquals(4, alloc.order());
    assertEquals("2.6.32-431.17.1.el6.x86_64", alloc.release());
    golden(dir, rs);
  }

  @Test
  void devKmsgMemcgV1On618() throws IOException {
    String dir = "devkmsg-memcg-v1-6.18.44-fc-v657";
    List<KernelReport> rs = decode(dir);
    KernelReport r = rs.get(0);
    assertEquals("memcg_oom", r.kind());
    assertEquals("python3", r.processName());
    assertEquals(9324L, r.processPid());
    assertEquals("0xcc0", r.gfpMask());
    assertEquals("GFP_KERNEL", r.gfpPrintedFlags());
    assertEquals("6.18.44-fc-v657", r.release());
    assertEquals(49152L, r.memcg().get("limit_kb"));
    assertEquals(49152L, r.memcg().get("usage_kb"));
    assertEquals(50233344L, ((java.util.Map<?, ?>) r.memcg().get("stats")).get("rss"));
    assertNotNull(r.tasks().get(0).column("rss_anon"), "6.x task table columns");
    assertNotNull(r.victim());
    assertEquals(true, r.victim().killed());
    golden(dir, rs);
  }
}
