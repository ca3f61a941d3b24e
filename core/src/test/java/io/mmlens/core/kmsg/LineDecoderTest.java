package io.mmlens.core.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Single-line decoding on exact seed lines with their syslog prefixes. */
class LineDecoderTest {

  private final LineDecoder dec = new LineDecoder("test.log");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sub(Map<String, Object> m, String k) {
    return (Map<String, Object>) m.get(k);
  }

  @Test
  void zoneLineFromSeed001() {
    LineDecoder.Result r = dec.decode("Sep 10 01:07:31 web1 kernel: Normal free:5376kB min:4004kB low:5004kB high:6004kB active_anon:0kB inactive_anon:0kB present:719320kB");
    assertEquals("zone", r.kindName());
    Map<String, Object> z = sub(r.fields(), "zone");
    assertEquals("Normal", z.get("name"));
    assertNull(z.get("node"));
    assertEquals(5376L, z.get("free_kb"));
    assertEquals(4004L, z.get("min_kb"));
    assertEquals(6004L, z.get("high_kb"));
    assertEquals("web1", r.line().host());
    // each value once, no nulls: the line has no buddy counts and its free/min/low/high/present
    // are the *_kb fields above, not repeated under line_values
    assertFalse(z.containsKey("free_blocks"), z.toString());
    assertFalse(z.containsValue(null), z.toString());
    assertEquals(719320L, z.get("present_kb"));
    assertEquals(Map.of("active_anon", 0L, "inactive_anon", 0L), z.get("line_values"));
  }

  @Test
  void buddyLineFromSeed004WithFragmentationIndex() {
    LineDecoder.Result r = dec.decode("Nov 12 15:15:41 kernel: Node 0 Normal: 34178*4kB (UEM) 20118*8kB (UEM) 412*16kB (UEM) 115*32kB (EM) 46*64kB (M) 6*128kB (M) 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 311640kB");
    assertEquals("buddy", r.kindName());
    Map<String, Object> z = sub(r.fields(), "zone");
    assertEquals(0, z.get("node"));
    assertEquals(5, z.get("largest_free_order"));
    assertEquals(Arrays.asList(34178L, 20118L, 412L, 115L, 46L, 6L, 0L, 0L, 0L, 0L, 0L), z.get("free_blocks"));
    List<?> fi = (List<?>) z.get("fragmentation_index");
    assertNull(fi.get(5), "a block of order 5 exists: kernel -1000 → null");
    assertEquals(0.978, (Double) fi.get(6), 0.0005);
    assertTrue(r.problems().isEmpty());
  }

  @Test
  void headersKillAndReserve() {
    LineDecoder.Result h = dec.decode("Sep 23 02:04:16 [kernel] [1772321.850644] clamd invoked oom-killer: gfp_mask=0x84d0, order=0, oom_adj=0, oom_score_adj=0");
    assertEquals("oom_header", h.kindName());
    Map<String, Object> req = sub(h.fields(), "request");
    assertEquals("clamd", sub(req, "process").get("name"));
    assertEquals("0x84d0", sub(req, "gfp").get("mask"));
    assertEquals(0, req.get("order"));
    assertEquals("oom-killer-invoked", h.ecs().get("event.action"));

    LineDecoder.Result a = dec.decode("Nov 25 09:14:07 wv2-f302 kernel: qemu_wl50: page allocation failure. order:4,mode:0x20");
    assertEquals("alloc_failure_header", a.kindName());
    assertEquals(4, sub(a.fields(), "request").get("order"));

    LineDecoder.Result k = dec.decode("Oct 27 14:24:43 wv2-f302 kernel: Killed process 3878,UID 0,(qemu_wl52) total-vm:128169596kB,anon-rss:126277476kB,file-rss:176kB");
    assertEquals("kill", k.kindName());
    Map<String, Object> v = sub(k.fields(), "victim");
    assertEquals(3878L, v.get("pid"));
    assertEquals("qemu_wl52", v.get("name"));
    assertEquals(126277476L, v.get("anon_rss_kb"));
    assertEquals(Arrays.asList("process"), k.ecs().get("event.category"));
    assertEquals(Arrays.asList("end"), k.ecs().get("event.type"));

    LineDecoder.Result lr = dec.decode("lowmem_reserve[]: 0 0 4221 4221");
    assertEquals("lowmem_reserve", lr.kindName());
    assertEquals(Arrays.asList(0L, 0L, 4221L, 4221L), lr.fields().get("lowmem_reserve_pages"));
  }

  /** Found by fuzzing (LineDecoderFuzzTestInputs/decode/crash-order-64-alloc-failure-header). */
  @Test
  void impossibleOrderIsAProblemNotACrash() {
    LineDecoder.Result r = new LineDecoder("t").decode(
        "Nov 12 15:15:41 kernel: exe: page allocation failure: order:64 mode:0x10c0d0");
    assertTrue(r.memoryRelated());
    assertEquals("[t:1: malformed: order 64 is outside -1..62: exe: page allocation failure: order:64 mode:0x10c0d0]",
        r.problems().toString());
    assertNull(((Map<?, ?>) r.fields().get("request")).get("order"));
  }

  /** A lone header line: its mask decoded with the era the caller names, or inferred. */
  @Test
  void headerGfpIsDecodedWithTheGivenKernelsTable() {
    LineDecoder d = new LineDecoder("t");
    String seed003 = "nginx invoked oom-killer: gfp_mask=0x200da, order=0, oom_score_adj=0";
    Map<?, ?> as313 = gfp(d.decode(seed003, io.mmlens.core.KernelRelease.parse("3.13.0-86-generic")));
    assertEquals("GFP_HIGHUSER_MOVABLE", as313.get("symbolic"));
    assertEquals("Movable", as313.get("zone"));
    assertEquals("override", as313.get("era_source"));
    Map<?, ?> as61 = gfp(d.decode(seed003, io.mmlens.core.KernelRelease.parse("6.1.0")));
    assertTrue(((List<?>) as61.get("flags")).contains("__GFP_MEMALLOC"), as61.toString());
    // Printed names (4.6+) are the kernel's own answer: used as is, no table needed.
    Map<?, ?> printed = gfp(d.decode("kworker/u8:2: page allocation failure: order:4, "
        + "mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0"));
    assertEquals("GFP_KERNEL|__GFP_COMP", printed.get("symbolic"));
  }

  private static Map<?, ?> gfp(LineDecoder.Result r) {
    assertTrue(r.memoryRelated());
    return (Map<?, ?>) ((Map<?, ?>) r.fields().get("request")).get("gfp");
  }

  @Test
  void unrelatedLinesAreRejectedWithTheSharedResult() {
    LineDecoder.Result a = dec.decode("Nov 20 12:42:42 wv2-f302 kernel: e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex");
    LineDecoder.Result b = dec.decode("Nov 20 12:42:42 wv2-f302 sshd[123]: Accepted publickey for root");
    assertFalse(a.memoryRelated());
    assertSame(a, b);
    assertFalse(dec.decode("Nov 20 12:42:42 h kernel: anon 104329216").memoryRelated(),
        "a memcg v2 stat item has no meaning without its block");
    assertTrue(a.fields().isEmpty());
  }

  @Test
  void facadeDecodesSeedTextAndStreams() throws Exception {
    String text = new String(java.nio.file.Files.readAllBytes(ReportParserSeedTest.ROOT
        .resolve("seed002-3.2.59/input.log")), java.nio.charset.StandardCharsets.UTF_8);
    List<KernelReport> all = KernelLogDecoder.decodeText(text);
    assertEquals("clamd", all.get(0).processName());
    java.util.List<KernelReport> got = new java.util.ArrayList<>();
    KernelLogDecoder d = new KernelLogDecoder("s", got::add);
    for (String line : text.split("\n")) {
      d.accept(line);
    }
    d.flush();
    assertEquals(all.size(), got.size());
    assertEquals(146900L, got.get(0).victim().anonRssKb());
  }
}
