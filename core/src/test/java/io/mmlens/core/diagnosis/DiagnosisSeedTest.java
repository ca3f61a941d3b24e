package io.mmlens.core.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.kmsg.KernelLogDecoder;
import io.mmlens.core.kmsg.KernelReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosisSeedTest {

  static List<KernelReport> seed(String dir) throws IOException {
    try (InputStream in = DiagnosisSeedTest.class.getResourceAsStream(
        "/reports/" + dir + "/input.log")) {
      assertNotNull(in, dir);
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return KernelLogDecoder.decodeText(dir, text);
    }
  }

  static Diagnosis diag(KernelReport r) {
    return new GfpDiagAnalysis(null).diagnose(r);
  }

  static ZoneFit zone(Diagnosis d, Integer node, String name) {
    for (ZoneFit z : d.zones()) {
      if (z.name().equals(name) && java.util.Objects.equals(z.node(), node)) {
        return z;
      }
    }
    throw new AssertionError("no zone " + node + " " + name);
  }

  @Test
  void seed000DumpWithoutHeaderIsFragmentation() throws IOException {
    List<KernelReport> rs = seed("seed000-2.6.32-431.17.1.el6.x86_64");
    KernelReport dump = rs.get(0);
    Diagnosis d = diag(dump);
    assertEquals("fragmentation", d.verdict());
    assertTrue(d.hasFactor("swap_exhausted"));
    assertEquals(2, d.failingOrdersFrom());
    assertEquals(0, zone(d, 0, "Normal").largestFreeOrder());
    assertEquals(1, zone(d, 1, "Normal").largestFreeOrder());
    assertNull(zone(d, 0, "Normal").fragmentationIndex()); // order unknown
    // DMA32 is barred for Normal-class requests by its 190890-page reserve
    assertEquals(ZoneFit.Fit.FAILS, zone(d, 0, "DMA32").fit());
    assertTrue(d.summary().startsWith("Node 0 Normal has 6.3 GiB free, but its largest free block"
        + " is order 0 (4 KiB): no order-1 or larger request"), d.summary());
    KernelReport atomic = rs.get(1);
    Map<String, Object> m = GfpDiagAnalysis.attach(atomic, null).toMap();
    Map<?, ?> gfp = (Map<?, ?>) ((Map<?, ?>) m.get("request")).get("gfp");
    assertEquals("GFP_ATOMIC", gfp.get("symbolic"));
    assertEquals("release", gfp.get("era_source"));
    // No Mem-Info followed the failure in this log: no verdict can be proved, but the mask says
    // the kernel could not reclaim or compact for it.
    Map<?, ?> diag = (Map<?, ?>) m.get("diagnosis");
    assertEquals("inconclusive", diag.get("verdict"));
    assertTrue(((String) diag.get("summary")).contains("no zone dump (Mem-Info) for an order-4 request (GFP_ATOMIC)"));
    assertTrue(((String) diag.get("summary")).contains("could neither reclaim nor compact"));
  }

  @Test
  void seed001LowmemExhaustedWhileHighMemFree() throws IOException {
    List<KernelReport> rs = seed("seed001-2.6.39-linode33");
    KernelReport r = rs.get(rs.size() - 1);
    Diagnosis d = diag(r);
    ZoneFit normal = zone(d, null, "Normal");
    assertEquals(Boolean.FALSE, normal.requestFits());
    assertEquals(1, normal.largestFreeOrder());
    assertEquals(ZoneFit.Fit.AT_WATERMARK, zone(d, null, "DMA").fit());
    assertEquals(2L, zone(d, null, "DMA").marginPages());
    assertEquals(ZoneFit.Fit.NOT_ALLOWED, zone(d, null, "HighMem").fit());
    assertEquals("zone_exhaustion", d.verdict());
    assertTrue(d.hasFactor("slab_heavy"));
    assertTrue(d.summary().contains("HighMem holds 145.7 MiB free"), d.summary());
    Map<String, Object> m = GfpDiagAnalysis.attach(r, null).toMap();
    Map<?, ?> gfp = (Map<?, ?>) ((Map<?, ?>) m.get("request")).get("gfp");
    assertEquals("GFP_KERNEL", gfp.get("symbolic"));
    assertEquals("Normal", gfp.get("zone"));
  }

  @Test
  void seed002NormalAtMinHighMemFree() throws IOException {
    KernelReport r = seed("seed002-3.2.59").get(0);
    Diagnosis d = diag(r);
    ZoneFit normal = zone(d, null, "Normal");
    assertEquals(ZoneFit.Fit.AT_WATERMARK, normal.fit());
    assertEquals(2L, normal.marginPages());
    assertEquals("zone_exhaustion", d.verdict());
    assertTrue(d.hasFactor("slab_heavy"));
    assertTrue(d.summary().contains("HighMem holds 548.8 MiB free"), d.summary()); // 561,924 kB
    assertEquals("GFP_KERNEL|__GFP_REPEAT|__GFP_ZERO", Diagnoser.gfp(r, null).symbolic());
  }

  @Test
  void seed003NoZoneFitsOnceReserveCounted() throws IOException {
    KernelReport r = seed("seed003-3.13.0-86-generic").get(0);
    Diagnosis d = diag(r);
    assertEquals("GFP_HIGHUSER_MOVABLE", Diagnoser.gfp(r, null).symbolic());
    ZoneFit dma32 = zone(d, 0, "DMA32");
    // 48516 kB = 12129 pages < 7926 (min 31704 kB) + 4221 reserved pages
    assertEquals(12129 - (7926 + 4221), (long) dma32.marginPages());
    assertEquals(Boolean.FALSE, dma32.requestFits());
    for (ZoneFit z : d.zones()) {
      assertEquals(Boolean.FALSE, z.requestFits(), z.name());
    }
    assertEquals("memory_exhaustion", d.verdict());
    assertTrue(d.hasFactor("anon_dominant"));
    assertTrue(!d.hasFactor("swap_exhausted"));
    assertTrue(d.summary().contains("no swap"), d.summary());
  }

  @Test
  void seed004OrderSixFragmentation() throws IOException {
    KernelReport r = seed("seed004-3.10.0-514.el7.x86_64").get(0);
    assertEquals(6, r.order());
    Diagnosis d = diag(r);
    assertEquals("GFP_KERNEL|__GFP_COMP|__GFP_ZERO|__GFP_KMEMCG", Diagnoser.gfp(r, null).symbolic());
    assertEquals(5, zone(d, 0, "Normal").largestFreeOrder());
    assertEquals(3, zone(d, 0, "DMA32").largestFreeOrder());
    assertEquals(10, zone(d, 0, "DMA").largestFreeOrder());
    assertEquals(ZoneFit.Cause.BELOW_WATERMARK, zone(d, 0, "DMA").cause()); // barred by reserve
    assertEquals(0.978, zone(d, 0, "Normal").fragmentationIndex(), 1e-9);
    assertEquals("fragmentation", d.verdict());
    assertTrue(d.hasFactor("slab_heavy"));
    assertTrue(d.summary().contains("Node 0 Normal has 303.9 MiB free, but its largest free block"
        + " is order 5 (128 KiB): no order-6 request can be served there."), d.summary());
  }

  @Test
  void memcgOomIsMemcgLimit() throws IOException {
    KernelReport r = seed("devkmsg-memcg-v1-6.18.44-fc-v657").get(0);
    Diagnosis d = diag(r);
    assertEquals("memcg_limit", d.verdict());
    assertEquals("GFP_KERNEL", Diagnoser.gfp(r, null).symbolic());
  }

  @Test
  void decoderWiresFieldsAndOverride() throws IOException {
    List<KernelReport> rs = seed("seed003-3.13.0-86-generic");
    Map<String, Object> m = rs.get(0).toMap();
    Map<?, ?> gfp = (Map<?, ?>) ((Map<?, ?>) m.get("request")).get("gfp");
    assertEquals(java.util.Arrays.asList("__GFP_HIGHMEM", "__GFP_MOVABLE", "__GFP_WAIT",
        "__GFP_IO", "__GFP_FS", "__GFP_HARDWALL"), gfp.get("flags"));
    assertEquals("Movable", gfp.get("migratetype"));
    Map<?, ?> z = (Map<?, ?>) ((List<?>) m.get("zones")).get(1);
    assertEquals("DMA32", z.get("name"));
    assertEquals(Boolean.FALSE, z.get("request_fits"));
    assertEquals("fails", z.get("request_fit"));
    assertEquals("memory_exhaustion", ((Map<?, ?>) m.get("diagnosis")).get("verdict"));
    String text = new String(DiagnosisSeedTest.class.getResourceAsStream(
        "/reports/seed003-3.13.0-86-generic/input.log").readAllBytes(), StandardCharsets.UTF_8);
    List<KernelReport> out = new java.util.ArrayList<>();
    KernelLogDecoder dec = new KernelLogDecoder("x", io.mmlens.core.KernelRelease.parse("5.4.0"),
        out::add);
    dec.assembler().acceptText(text);
    dec.flush();
    Map<?, ?> g2 = (Map<?, ?>) ((Map<?, ?>) out.get(0).toMap().get("request")).get("gfp");
    assertEquals("override", g2.get("era_source"));
    assertTrue(((List<?>) g2.get("flags")).contains("__GFP_MEMALLOC"));
  }
}
