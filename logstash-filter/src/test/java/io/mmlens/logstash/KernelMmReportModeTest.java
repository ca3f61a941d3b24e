package io.mmlens.logstash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.logstash.api.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KernelMmReportModeTest {

  private static final long TIMEOUT_MS = 10_000;

  /** Reports per fixture and whether each is incomplete, as each folder's SOURCE.md states. */
  private static final Map<String, List<Boolean>> EXPECTED = Map.of(
      "devkmsg-memcg-v1-6.18.44-fc-v657", List.of(false),
      "seed000-2.6.32-431.17.1.el6.x86_64", List.of(true, true),
      "seed001-2.6.39-linode33", List.of(true, false),
      "seed002-3.2.59", List.of(false),
      "seed003-3.13.0-86-generic", List.of(false),
      "seed004-3.10.0-514.el7.x86_64", List.of(false, false));

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<Event> matched = new ArrayList<>();

  private KernelMm filter(Map<String, Object> extra) {
    Map<String, Object> options = new HashMap<>(extra);
    options.put("mode", "report");
    return new KernelMm("kmm", TestPlugins.config(options), TestPlugins.context(), now::get);
  }

  private static List<Event> events(List<String> lines, String host) {
    List<Event> out = new ArrayList<>();
    for (String l : lines) {
      Event e = TestEvent.of(l);
      if (host != null) {
        e.setField("[host][name]", host);
      }
      out.add(e);
    }
    return out;
  }

  /** Feeds the events one per batch, then lets the timeout pass; returns everything emitted. */
  private List<Event> runToEnd(KernelMm f, List<Event> in) {
    List<Event> out = new ArrayList<>();
    for (Event e : in) {
      out.addAll(f.filter(new ArrayList<>(Collections.singletonList(e)), matched::add));
    }
    out.addAll(f.flush(matched::add)); // marks the open reports idle from now
    now.addAndGet(TIMEOUT_MS);
    out.addAll(f.flush(matched::add));
    return out;
  }

  private static List<Event> reports(Collection<Event> out) {
    List<Event> r = new ArrayList<>();
    for (Event e : out) {
      if (e.getField("message") == null && e.includes("[linux][mm]")) {
        r.add(e);
      }
    }
    return r;
  }

  @Test
  void everySeedLogStitchesIntoTheReportsItsSourceNames() {
    Map<String, List<String>> logs = Fixtures.reportLogs();
    assertEquals(EXPECTED.keySet(), logs.keySet());
    for (Map.Entry<String, List<String>> log : logs.entrySet()) {
      matched.clear();
      KernelMm f = filter(Map.of());
      List<Event> in = events(log.getValue(), null);
      List<Event> out = runToEnd(f, in);
      List<Event> reports = reports(out);
      // Originals all pass through, once, in order, unchanged; reports come in addition.
      List<Event> originals = new ArrayList<>(out);
      originals.removeAll(reports);
      assertEquals(in, originals, log.getKey());
      List<Boolean> incomplete = new ArrayList<>();
      for (Event r : reports) {
        incomplete.add((Boolean) r.getField("[linux][mm][incomplete]"));
        assertTrue((Long) r.getField("[linux][mm][line_count]") > 0);
        assertEquals(r.getField("[linux][mm][line_count]"),
            (long) ((List<?>) r.getField("[linux][mm][lines]")).size());
      }
      assertEquals(EXPECTED.get(log.getKey()), incomplete, log.getKey());
      assertEquals(reports, matched, "filterMatched for report events only: " + log.getKey());
    }
  }

  @Test
  void seed004ReportsCarryTheirLines() {
    List<String> lines = Fixtures.reportLogs().get("seed004-3.10.0-514.el7.x86_64");
    List<Event> reports = reports(runToEnd(
        filter(Map.of("kernel_release", "3.10.0-514.el7.x86_64")), events(lines, "node7")));
    assertEquals(2, reports.size());
    Event first = reports.get(0);
    assertEquals("node7", first.getField("[host][name]"));
    assertEquals("alloc_failure", first.getField("[linux][mm][kind]"));
    assertEquals("3.10.0-514.el7.x86_64", first.getField("[linux][mm][kernel][release]"));
    // the whole analysis, as `mmlens analyze` prints it
    assertEquals("fragmentation", first.getField("[linux][mm][diagnosis][verdict]"));
    assertEquals(6L, ((Number) first.getField("[linux][mm][request][order]")).longValue());
    assertEquals("override", first.getField("[linux][mm][request][gfp][era_source]"));
    assertEquals("kernel-memory-report", first.getField("[event][action]"));
    assertEquals("Nov 12 15:15:41", first.getField("[linux][mm][timestamp]"));
    assertEquals("exe: page allocation failure: order:6, mode:0x10c0d0",
        ((List<?>) first.getField("[linux][mm][lines]")).get(0));
    assertEquals(false, first.getField("[linux][mm][incomplete]"));
    Event second = reports.get(1);
    assertEquals("cache_create_failure", second.getField("[linux][mm][kind]"));
    assertEquals("nf_conntrack_ffff8803eef66180", second.getField("[linux][mm][cache_create_failure][cache]"));
    assertTrue(((String) ((List<?>) second.getField("[linux][mm][lines]")).get(0))
        .startsWith("kmem_cache_create(nf_conntrack_ffff8803eef66180) failed with error -12"));
  }

  @Test
  void interleavedHostsAreSeparatedByHostField() {
    // seed002 has no host in its text: only host_field can keep two copies apart.
    List<String> lines = Fixtures.reportLogs().get("seed002-3.2.59");
    List<Event> alone = reports(runToEnd(filter(Map.of()), events(lines, "solo")));
    assertEquals(1, alone.size());
    List<Event> a = events(lines, "a");
    List<Event> b = events(lines, "b");
    List<Event> mixed = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      mixed.add(a.get(i));
      mixed.add(b.get(i));
    }
    List<Event> reports = reports(runToEnd(filter(Map.of()), mixed));
    assertEquals(2, reports.size());
    Map<Object, Object> linesByHost = new HashMap<>();
    for (Event r : reports) {
      assertEquals(false, r.getField("[linux][mm][incomplete]"));
      linesByHost.put(r.getField("[host][name]"), r.getField("[linux][mm][lines]"));
    }
    Object expected = alone.get(0).getField("[linux][mm][lines]");
    assertEquals(expected, linesByHost.get("a"));
    assertEquals(expected, linesByHost.get("b"));
  }

  @Test
  void truncatedReportIsEmittedByFlushOnlyAfterTheTimeoutMarkedIncomplete() {
    List<String> lines = Fixtures.reportLogs().get("seed001-2.6.39-linode33").subList(2, 22);
    KernelMm f = filter(Map.of("report_timeout", 10L, "report_lines", "tag"));
    List<Event> in = events(lines, "web1");
    List<Event> out = new ArrayList<>();
    for (Event e : in) {
      out.addAll(f.filter(new ArrayList<>(Collections.singletonList(e)), matched::add));
    }
    assertEquals(in, out, "nothing emitted while the report is open");
    assertTrue(f.flush(matched::add).isEmpty());
    now.addAndGet(TIMEOUT_MS - 1);
    assertTrue(f.flush(matched::add).isEmpty(), "not before report_timeout");
    now.addAndGet(1);
    Collection<Event> flushed = f.flush(matched::add);
    assertEquals(1, flushed.size());
    Event r = flushed.iterator().next();
    assertEquals(true, r.getField("[linux][mm][incomplete]"));
    assertEquals("no further line for 10000 ms", r.getField("[linux][mm][incomplete_reason]"));
    assertEquals("web1", r.getField("[host][name]"));
    assertTrue(((String) ((List<?>) r.getField("[linux][mm][lines]")).get(0))
        .startsWith("apache2 invoked oom-killer: gfp_mask=0xd0, order=1"));
    assertEquals(Collections.singletonList(r), matched);
    for (Event e : in) {
      assertEquals(Collections.singletonList(KernelMmSettings.REPORT_LINE_TAG), e.getField("tags"));
    }
    now.addAndGet(TIMEOUT_MS);
    assertTrue(f.flush(matched::add).isEmpty(), "emitted once");
  }

  @Test
  void dropRemovesOnlyReportLinesAndFailuresPassThrough() {
    List<String> lines = Fixtures.reportLogs().get("seed004-3.10.0-514.el7.x86_64");
    List<Event> in = events(lines, null);
    Event noMessage = new TestEvent();
    noMessage.setField("other", "x");
    in.add(noMessage);
    List<Event> out = runToEnd(filter(Map.of("report_lines", "drop")), in);
    List<Event> reports = reports(out);
    assertEquals(2, reports.size());
    Map<Event, Boolean> seen = new IdentityHashMap<>();
    for (Event e : out) {
      assertNull(seen.put(e, true), "duplicated");
    }
    assertTrue(out.contains(noMessage));
    assertEquals(Collections.singletonList("_kernel_mm_failure"), noMessage.getField("tags"));
    // The nf_conntrack message after the reports is not a report line: it is kept.
    Event last = in.get(lines.size() - 1);
    assertEquals("Nov 12 15:15:41 kernel: Unable to create nf_conn slab cache",
        last.getField("message"));
    assertTrue(out.contains(last));
    assertFalse(out.contains(in.get(0)));
    assertEquals(Arrays.asList(reports.get(0), reports.get(1)),
        Arrays.asList(matched.get(0), matched.get(1)));
  }

  @Test
  void aQuietHostsReportSurvivesThousandsOfLinesFromBusyHosts() {
    List<String> lines = Fixtures.reportLogs().get("seed002-3.2.59");
    Object expected = reports(runToEnd(filter(Map.of()), events(lines, "q")))
        .get(0).getField("[linux][mm][lines]");
    // Between the first 17 lines of the report, 1001..1016 lines of other hosts: every gap
    // residue modulo core's sweep cadence, each gap beyond core's 1,000-line staleness bound.
    List<Event> in = new ArrayList<>();
    int busy = 0;
    for (int k = 0; k < lines.size(); k++) {
      in.addAll(events(lines.subList(k, k + 1), "q"));
      for (int i = 0; k < 16 && i < 1001 + k; i++, busy++) {
        in.add(events(List.of("Sep 23 02:04:16 [kernel] [1772321.9] eth0: link up " + busy),
            "busy" + (busy % 3)).get(0));
      }
    }
    List<Event> reports = reports(runToEnd(filter(Map.of()), in));
    assertEquals(1, reports.size());
    assertEquals("q", reports.get(0).getField("[host][name]"));
    assertEquals(false, reports.get(0).getField("[linux][mm][incomplete]"));
    assertEquals(expected, reports.get(0).getField("[linux][mm][lines]"));
  }

  @Test
  void hostsWithNothingOpenAreForgottenAtFlush() {
    KernelMm f = filter(Map.of());
    List<Event> in = events(List.of("Nov 22 10:00:02 a systemd[1]: Started Session 1."), "a");
    in.addAll(events(Fixtures.reportLogs().get("seed003-3.13.0-86-generic").subList(0, 5), "b"));
    f.filter(in, matched::add);
    f.flush(matched::add);
    assertEquals(1, f.openHostsForTest());
    now.addAndGet(TIMEOUT_MS);
    assertEquals(1, f.flush(matched::add).size());
    assertEquals(0, f.openHostsForTest());
  }

  @Test
  void maxReportLinesCutsTheReportAndSaysSo() {
    List<String> lines = Fixtures.reportLogs().get("seed004-3.10.0-514.el7.x86_64");
    List<Event> out = runToEnd(filter(Map.of("max_report_lines", 10L)), events(lines, "n"));
    Event first = reports(out).get(0);
    assertEquals(true, first.getField("[linux][mm][incomplete]"));
    assertEquals("line limit of 10 reached", first.getField("[linux][mm][incomplete_reason]"));
    assertEquals(10L, first.getField("[linux][mm][line_count]"));
    assertEquals(lines.size(), out.size() - reports(out).size(), "every original passed");
  }
}
