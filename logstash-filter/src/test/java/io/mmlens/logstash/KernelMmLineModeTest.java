package io.mmlens.logstash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.logstash.api.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelMmLineModeTest {

  private final List<Event> matched = new ArrayList<>();

  private KernelMm filter(Map<String, Object> options) {
    return new KernelMm("kmm", TestPlugins.config(options), TestPlugins.context());
  }

  private Collection<Event> run(KernelMm f, Event... events) {
    return f.filter(new ArrayList<>(Arrays.asList(events)), matched::add);
  }

  @Test
  void decodesASyslogAllocationFailureLineUnderTheBracketTarget() {
    Event e = TestEvent.of(
        "Nov 12 15:15:41 kernel: exe: page allocation failure: order:6, mode:0x10c0d0");
    e.setField("[host][name]", "node7");
    Collection<Event> out = run(filter(Map.of("kernel_release", "3.10.0-514.el7.x86_64")), e);
    assertEquals(1, out.size());
    assertSame(e, out.iterator().next());
    assertEquals(Collections.singletonList(e), matched);
    assertEquals("alloc_failure_header", e.getField("[linux][mm][line_kind]"));
    assertEquals("exe: page allocation failure: order:6, mode:0x10c0d0",
        e.getField("[linux][mm][text]"));
    assertEquals("syslog", e.getField("[linux][mm][prefix_format]"));
    assertEquals("Nov 12 15:15:41", e.getField("[linux][mm][timestamp]"));
    // the request, decoded with the flag table of the kernel_release option (RHEL 7 keeps KMEMCG)
    assertEquals(6L, ((Number) e.getField("[linux][mm][request][order]")).longValue());
    assertEquals("exe", e.getField("[linux][mm][request][process][name]"));
    assertEquals("GFP_KERNEL|__GFP_COMP|__GFP_ZERO|__GFP_KMEMCG", e.getField("[linux][mm][request][gfp][symbolic]"));
    assertEquals("override", e.getField("[linux][mm][request][gfp][era_source]"));
    assertEquals("page-allocation-failure", e.getField("[event][action]"));
    assertEquals("node7", e.getField("[host][name]"));
    assertNull(e.getField("tags"));
    assertNull(e.getField("linux.mm"), "a.b is a literal key in Logstash, never nested");
  }

  @Test
  void uptimeAndOtherKindsFromDevKmsgAndMetalogLines() {
    Event kmsg = TestEvent.of("4,345,2039907190,-;python3 invoked oom-killer: "
        + "gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
    Event metalog = TestEvent.of("Sep 23 02:04:16 [kernel] [1772321.850644] "
        + "lowmem_reserve[]: 0 0 0 0");
    run(filter(Map.of()), kmsg, metalog);
    assertEquals(2, matched.size());
    assertEquals("oom_header", kmsg.getField("[linux][mm][line_kind]"));
    assertEquals("GFP_KERNEL", kmsg.getField("[linux][mm][request][gfp][symbolic]"));
    assertEquals("kmsg", kmsg.getField("[linux][mm][prefix_format]"));
    assertEquals(2039.90719, (Double) kmsg.getField("[linux][mm][uptime_seconds]"), 1e-9);
    assertEquals("lowmem_reserve", metalog.getField("[linux][mm][line_kind]"));
    assertEquals(1772321.850644, (Double) metalog.getField("[linux][mm][uptime_seconds]"), 1e-9);
  }

  @Test
  void malformedMemoryLineIsTaggedAndLeftUnchanged() {
    Event e = TestEvent.of("Nov 12 15:15:41 kernel: Node 0 Normal free:31x1184kB min:55536kB low:zz high:83304kB");
    Map<String, Object> before = e.toMap();
    Collection<Event> out = run(filter(Map.of()), e);
    assertEquals(1, out.size());
    assertTrue(matched.isEmpty());
    assertEquals(Collections.singletonList("_kernel_mm_failure"), e.getField("tags"));
    assertEquals(before.get("message"), e.getField("message"));
    assertNull(e.getField("[linux]"));
    assertNull(e.getField("[event]"));
  }

  @Test
  void unrelatedLinesPassUntouchedAndUnmatched() {
    Event e = TestEvent.of("Nov 12 15:15:41 kernel: Unable to create nf_conn slab cache");
    Map<String, Object> before = e.toMap();
    run(filter(Map.of()), e);
    assertEquals(before, e.toMap());
    assertTrue(matched.isEmpty());
  }

  @Test
  void missingOrNonStringSourceIsTaggedAndOtherwiseUnchanged() {
    Event none = new TestEvent();
    none.setField("[@metadata][pipeline]", "p1");
    none.setField("other", 5);
    Event number = new TestEvent();
    number.setField("msg", 42);
    Map<String, Object> noneBefore = none.toMap();
    Collection<Event> out1 = run(filter(Map.of()), none);
    Collection<Event> out2 = run(filter(Map.of("source", "msg",
        "tag_on_failure", Arrays.<Object>asList("kmm_bad", "x"))), number);
    assertEquals(1, out1.size());
    assertEquals(1, out2.size());
    assertTrue(matched.isEmpty());
    noneBefore.put("tags", Collections.singletonList("_kernel_mm_failure"));
    assertEquals(noneBefore, none.toMap());
    assertEquals("p1", none.getField("[@metadata][pipeline]"));
    assertEquals(42L, number.getField("msg"));
    assertEquals(Arrays.asList("kmm_bad", "x"), number.getField("tags"));
  }

  @Test
  void targetThroughAScalarFieldIsAFailureNotALoss() {
    Event e = TestEvent.of("[  818.754366] Node 0 DMA32: 1101*4kB (UEM) 0*8kB = 4404kB");
    e.setField("linux", "not a map");
    Collection<Event> out = run(filter(Map.of()), e);
    assertEquals(1, out.size());
    assertTrue(matched.isEmpty());
    assertEquals("not a map", e.getField("linux"));
    assertEquals(Collections.singletonList("_kernel_mm_failure"), e.getField("tags"));
  }

  @Test
  void everySeedLogLineByLine() {
    KernelMm f = filter(Map.of("target", "[kmm]"));
    Map<String, List<String>> logs = Fixtures.reportLogs();
    assertTrue(logs.size() >= 6, "fixtures: " + logs.keySet());
    int total = 0;
    for (Map.Entry<String, List<String>> log : logs.entrySet()) {
      List<Event> batch = new ArrayList<>();
      for (String line : log.getValue()) {
        batch.add(TestEvent.of(line));
      }
      int matchedBefore = matched.size();
      Collection<Event> out = f.filter(batch, matched::add);
      assertEquals(batch, new ArrayList<>(out), log.getKey());
      int decoded = 0;
      for (int i = 0; i < batch.size(); i++) {
        Event e = batch.get(i);
        assertEquals(log.getValue().get(i), e.getField("message"), log.getKey());
        assertNull(e.getField("tags"), log.getKey() + " line " + (i + 1));
        if (e.includes("[kmm]")) {
          decoded++;
          assertFalse(((String) e.getField("[kmm][text]")).isEmpty());
        }
      }
      assertEquals(decoded, matched.size() - matchedBefore, log.getKey());
      // Call traces, register dumps and per-CPU lines are not memory lines on their own; every
      // seed still holds a good number that are (headers, zones, buddy lists, kills, memcg).
      assertTrue(decoded >= 8, log.getKey() + ": " + decoded + "/" + batch.size());
      total += batch.size();
    }
    assertTrue(total > 400);
    // The first line of each seed decodes to the kind its SOURCE.md names.
    assertEquals("alloc_failure_header", firstKind(f, logs.get("seed004-3.10.0-514.el7.x86_64")));
    assertEquals("oom_header", firstKind(f, logs.get("devkmsg-memcg-v1-6.18.44-fc-v657")));
    assertEquals("meminfo_counters", firstKind(f, logs.get("seed000-2.6.32-431.17.1.el6.x86_64")));
  }

  private String firstKind(KernelMm f, List<String> lines) {
    Event e = TestEvent.of(lines.get(0));
    f.filter(new ArrayList<>(Collections.singletonList(e)), matched::add);
    return (String) e.getField("[kmm][line_kind]");
  }

  @Test
  void valuesWrittenAreLogstashTypes() {
    Event e = TestEvent.of("[  818.754366] Node 0 DMA32: 1101*4kB (UEM) 0*8kB = 4404kB");
    run(filter(new HashMap<>()), e);
    assertTrue(e.getField("[linux][mm]") instanceof HashMap);
    assertTrue(e.getField("[linux][mm][uptime_seconds]") instanceof Double);
  }
}
