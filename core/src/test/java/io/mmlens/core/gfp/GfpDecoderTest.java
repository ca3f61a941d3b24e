package io.mmlens.core.gfp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.KernelRelease;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GfpDecoderTest {

  private static GfpDecoding dec(String mask, String release) {
    return GfpDecoder.decode(mask, KernelRelease.parse(release), null, false);
  }

  @Test
  void gfpKernelOn2639() {
    GfpDecoding d = dec("0xd0", "2.6.39");
    assertEquals("B", d.era().column());
    assertEquals("GFP_KERNEL", d.symbolic());
    assertEquals(Arrays.asList("__GFP_WAIT", "__GFP_IO", "__GFP_FS"), d.flags());
    assertEquals("Normal", d.zone());
    assertEquals("Unmovable", d.migratetype());
    assertEquals("release", d.eraSource());
  }

  @Test
  void x86_32PageTableOn32() {
    GfpDecoding d = GfpDecoder.decode("0x84d0", KernelRelease.parse("3.2.59"), null, true);
    assertEquals("GFP_KERNEL|__GFP_REPEAT|__GFP_ZERO", d.symbolic());
    assertEquals("Normal", d.zone());
    assertTrue(d.problems().isEmpty(), d.problems().toString());
  }

  @Test
  void highuserMovableOn313NotTheWrongEra() {
    GfpDecoding d = dec("0x200da", "3.13.0-24-generic");
    assertEquals("GFP_HIGHUSER_MOVABLE", d.symbolic());
    assertEquals("Movable", d.zone());
    assertEquals("Movable", d.migratetype());
    assertTrue(d.flags().contains("__GFP_HARDWALL"));
    // The same hex read with the 5.1+ table would be nonsense (MEMALLOC etc.).
    GfpDecoding wrong = dec("0x200da", "5.4.0");
    assertTrue(wrong.flags().contains("__GFP_MEMALLOC"));
  }

  @Test
  void atomicOnRhel6() {
    GfpDecoding d = dec("0x20", "2.6.32-431.17.1.el6.x86_64");
    assertEquals("A", d.era().column());
    assertEquals("GFP_ATOMIC", d.symbolic());
    assertEquals(Arrays.asList("ALLOC_HIGH", "ALLOC_HARDER"), d.allocFlags());
    assertEquals("Normal", d.zone());
  }

  @Test
  void kernelOn6x() {
    for (String r : new String[] {"5.4.0", "6.1.0", "6.6.30", "6.12.1"}) {
      GfpDecoding d = dec("0xcc0", r);
      assertEquals("GFP_KERNEL", d.symbolic(), r);
      assertEquals(Arrays.asList("__GFP_IO", "__GFP_FS", "__GFP_DIRECT_RECLAIM",
          "__GFP_KSWAPD_RECLAIM"), d.flags(), r);
    }
  }

  @Test
  void rhel7KmemcgForkStack() {
    GfpDecoding d = dec("0x10c0d0", "3.10.0-514.el7.x86_64");
    assertEquals("GFP_KERNEL|__GFP_COMP|__GFP_ZERO|__GFP_KMEMCG", d.symbolic());
    assertEquals("Normal", d.zone());
    // 3.2 has no KMEMCG yet: the bit stays as hex, flagged.
    GfpDecoding old = dec("0x10c0d0", "3.2.0");
    assertEquals("GFP_KERNEL|__GFP_COMP|__GFP_ZERO|0x100000", old.symbolic());
    assertFalse(old.problems().isEmpty());
  }

  @Test
  void workedExamplesOtherEras() {
    assertEquals("GFP_HIGHUSER_MOVABLE|__GFP_COLD", dec("0x201da", "3.10.0").symbolic());
    GfpDecoding f = dec("0x6200ca", "4.19.0");
    assertEquals("GFP_HIGHUSER_MOVABLE", f.symbolic());
    assertEquals("Movable", f.migratetype());
    assertEquals("GFP_HIGHUSER_MOVABLE", dec("0x14200ca", "4.14.0").symbolic());
    assertEquals("GFP_HIGHUSER_MOVABLE", dec("0x24200ca", "4.4.0").symbolic());
    assertEquals("GFP_HIGHUSER_MOVABLE", dec("0x100cca", "6.6.0").symbolic());
    // Under D the 0x1000000 bit is WRITE, not KSWAPD_RECLAIM.
    assertTrue(dec("0x14200ca", "4.9.0").flags().contains("__GFP_WRITE"));
    assertEquals("GFP_KERNEL_ACCOUNT", dec("0x400cc0", "6.1.0").symbolic());
    assertEquals("GFP_ATOMIC", dec("0xa20", "5.10.0").symbolic());
    assertEquals("GFP_ATOMIC", dec("0x820", "6.6.0").symbolic());
    assertEquals("GFP_TRANSHUGE", dec("0x4352da", "3.10.0").symbolic());
    assertEquals("GFP_TRANSHUGE_LIGHT", dec("0x1c20ca", "6.1.0").symbolic());
    assertEquals("GFP_TRANSHUGE", dec("0x4342ca", "4.9.0").symbolic());
    assertEquals("GFP_NOFS", dec("0x50", "2.6.32").symbolic());
    assertEquals("__GFP_NOACCOUNT", dec("0x100000", "4.4.0").symbolic());
    assertEquals("__GFP_ACCOUNT", dec("0x100000", "4.5.0").symbolic());
  }

  @Test
  void printedSymbolicIsPreferredAndCrossChecked() {
    GfpDecoding d = dec("0x24280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO)", "4.6.0");
    assertEquals("GFP_HIGHUSER_MOVABLE|__GFP_ZERO", d.symbolic());
    assertTrue(d.problems().isEmpty(), d.problems().toString());
    GfpDecoding n = dec("0x2200020(GFP_NOWAIT|__GFP_HIGH|__GFP_NOTRACK)", "4.6.0");
    assertTrue(n.problems().isEmpty(), n.problems().toString());
    assertTrue(n.flags().contains("__GFP_KSWAPD_RECLAIM"));
    GfpDecoding g = dec("0x400d0(__GFP_IO|__GFP_FS|__GFP_COMP|__GFP_RECLAIMABLE)", "5.2.0");
    assertTrue(g.problems().isEmpty(), g.problems().toString());
    assertEquals("Reclaimable", g.migratetype());
    GfpDecoding h = dec("0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO)", "6.6.0");
    assertTrue(h.problems().isEmpty(), h.problems().toString());
    assertEquals("GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO", h.era().symbolic(h.mask()));
    GfpDecoding bad = dec("0xcc0(GFP_KERNEL|__GFP_ZERO)", "6.6.0");
    assertEquals(1, bad.problems().size(), bad.problems().toString());
  }

  @Test
  void eraSourceOverrideAndInference() {
    GfpDecoding o = GfpDecoder.decode("0x200da", KernelRelease.parse("6.1.0"),
        KernelRelease.parse("3.13.0"), false);
    assertEquals("override", o.eraSource());
    assertEquals("GFP_HIGHUSER_MOVABLE", o.symbolic());
    GfpDecoding i = GfpDecoder.decode("0x6200ca", null, null, false);
    assertEquals("F", i.era().column());
    assertTrue(i.eraSource().startsWith("inferred:"), i.eraSource());
    // G and H agree on every bit of 0xcc0; the newest matching table is taken
    GfpDecoding k = GfpDecoder.decode("0xcc0", null, null, false);
    assertEquals("H", k.era().column());
    assertEquals("GFP_KERNEL", k.symbolic());
    GfpDecoding s = GfpDecoder.decode("0x14200ca(GFP_HIGHUSER_MOVABLE)", null, null, false);
    assertEquals("E", s.era().column());
    assertEquals("GFP_HIGHUSER_MOVABLE", GfpDecoder.decode("0x200da", null, null, false)
        .symbolic());
    GfpDecoding atomic63 = GfpDecoder.decode("0x820", null, null, false);
    assertEquals("H", atomic63.era().column());
    assertEquals("inferred:mask equals GFP_ATOMIC of era H", atomic63.eraSource());
    assertEquals("GFP_ATOMIC", GfpDecoder.decode("0x20", null, null, false).symbolic());
    assertEquals("GFP_KERNEL", GfpDecoder.decode("0xd0", null, null, false).symbolic());
    assertEquals("GFP_KERNEL", GfpDecoder.decode("0x24000c0", null, null, false).symbolic());
  }

  @Test
  void highmemOnlyWhereTheZoneExists() {
    assertEquals("HighMem", GfpDecoder.decode("0x200d2", KernelRelease.parse("3.2.0"), null, true)
        .zone());
    assertEquals("Normal", GfpDecoder.decode("0x200d2", KernelRelease.parse("3.2.0"), null, false)
        .zone());
    assertEquals("DMA32", dec("0x4", "6.1.0").zone());
    assertEquals("DMA", dec("0x1", "2.6.32").zone());
    assertFalse(dec("0x3", "2.6.32").problems().isEmpty());
  }
}
