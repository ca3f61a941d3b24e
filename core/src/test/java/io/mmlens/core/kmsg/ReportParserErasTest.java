package io.mmlens.core.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Report parser on exact kernel lines of eras the seeds do not cover (spec §1–4, 9). */
class ReportParserErasTest {

  static KernelReport parse(String... lines) {
    List<LogLine> ll = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      ll.add(new LogLine(lines[i], "h1", null, Double.NaN, "none", i + 1));
    }
    return new ReportParser("test.log").parse(new RawReport("h1", ll, false, null, Collections.emptyList()));
  }

  @Test
  void memcgOomOn6xWithV2StatsAndRssAnonTable() {
    KernelReport r = parse(
        "mem_stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
        "CPU: 3 PID: 10233 Comm: mem_stress Not tainted 6.8.0-45-generic #45-Ubuntu",
        "memory: usage 102400kB, limit 102400kB, failcnt 42",
        "swap: usage 0kB, limit 0kB, failcnt 0",
        "Memory cgroup stats for /liz:",
        "anon 104329216",
        "file 4096",
        "Tasks state (memory values in pages):",
        "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name",
        "[  10233]     0 10233    27156    25689    25600       89         0   249856        0             0 mem_stress",
        "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=liz,mems_allowed=0,oom_memcg=/liz,task_memcg=/liz,task=mem_stress,pid=10233,uid=0",
        "Memory cgroup out of memory: Killed process 10233 (mem_stress) total-vm:108624kB, anon-rss:102400kB, file-rss:356kB, shmem-rss:0kB, UID:0 pgtables:244kB oom_score_adj:0");
    assertEquals("memcg_oom", r.kind());
    assertEquals("0xcc0", r.gfpMask());
    assertEquals("GFP_KERNEL", r.gfpPrintedFlags());
    assertEquals("6.8.0-45-generic", r.release());
    assertEquals("/liz", r.memcg().get("path"));
    assertEquals(102400L, r.memcg().get("usage_kb"));
    assertEquals(102400L, r.memcg().get("limit_kb"));
    assertEquals(42L, r.memcg().get("failcnt"));
    assertEquals(0L, r.memcg().get("swap_limit_kb"));
    assertEquals(104329216L, ((Map<?, ?>) r.memcg().get("stats")).get("anon"));
    TaskRow t = r.tasks().get(0);
    assertEquals(10233L, t.pid());
    assertEquals(25600L, t.column("rss_anon"));
    assertEquals(249856L, t.column("pgtables_bytes"));
    assertEquals("mem_stress", t.name());
    Victim v = r.victim();
    assertEquals(10233L, v.pid());
    assertEquals(102400L, v.anonRssKb());
    assertEquals(0L, v.uid());
    assertEquals(0L, v.shmemRssKb());
    assertEquals(0L, v.toMap().get("oom_score_adj"));
    assertEquals(244L, v.toMap().get("pgtables_kb"));
    assertTrue(r.errors().isEmpty(), r.errors().toString());
  }

  @Test
  void nodeLineWithSpacedThpKeysAndBoostZoneLine() {
    KernelReport r = parse(
        "java invoked oom-killer: gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD), nodemask=0, order=0, oom_score_adj=0",
        "Node 0 active_anon:3226112kB inactive_anon:20kB active_file:120kB inactive_file:0kB unevictable:0kB isolated(anon):0kB isolated(file):0kB mapped:52kB dirty:0kB writeback:0kB shmem:24kB shmem_thp: 0kB shmem_pmdmapped: 0kB anon_thp: 2048kB writeback_tmp:0kB unstable:0kB all_unreclaimable? yes",
        "Node 0 Normal free:20412kB boost:0kB min:20492kB low:25612kB high:30732kB reserved_highatomic:2048KB active_anon:3000000kB inactive_anon:20kB present:4194304kB managed:4000000kB mlocked:0kB bounce:0kB free_pcp:100kB local_pcp:0kB free_cma:0kB",
        "lowmem_reserve[]: 0 0 0 0 0",
        "Node 0 Normal: 101*4kB (UMH) 50*8kB (UM) 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB 0*4096kB = 804kB");
    assertEquals("oom_kill", r.kind());
    assertEquals("GFP_HIGHUSER_MOVABLE|__GFP_COLD", r.gfpPrintedFlags());
    Map<String, Object> root = r.toMap();
    @SuppressWarnings("unchecked")
    Map<String, Object> node0 = (Map<String, Object>) ((Map<String, Object>) root.get("nodes")).get("0");
    assertEquals(2048L, node0.get("anon_thp"));
    assertEquals(0L, node0.get("shmem_thp"));
    assertEquals(Boolean.TRUE, node0.get("all_unreclaimable"));
    LogZone z = r.zones().get(0);
    assertEquals(512L, z.state().reservedHighatomic().getAsLong());
    assertEquals(20492L / 4, z.state().min());
    assertEquals(5, z.state().protectionLength());
    assertEquals("UMH", z.state().blockTypes()[0]);
    assertEquals(1, z.largestFreeOrder());
    assertEquals(2, z.state().zoneIndex());
  }

  @Test
  void pageSizeFromSixtyFourKbBuddyLabels() {
    KernelReport r = parse(
        "Node 0 Normal free:1024kB min:128kB low:256kB high:384kB present:1048576kB",
        "lowmem_reserve[]: 0 0 0",
        "Node 0 Normal: 10*64kB (U) 3*128kB 0*256kB = 1024kB");
    assertEquals(65536, r.pageSize());
    assertEquals(16L, r.zones().get(0).state().free());
    assertEquals(3, r.zones().get(0).state().orders());
  }

  @Test
  void allocFailure5xAndSlubAndUsercopyCacheFailure() {
    KernelReport a = parse(
        "kworker/u8:2: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0",
        "CPU: 0 PID: 77 Comm: kworker/u8:2 Tainted: G        W         5.10.0-21-amd64 #1 Debian 5.10.162-1");
    assertEquals("alloc_failure", a.kind());
    assertEquals("kworker/u8:2", a.processName());
    assertEquals(4, a.order());
    assertEquals("0x40cc0", a.gfpMask());
    assertEquals("GFP_KERNEL|__GFP_COMP", a.gfpPrintedFlags());
    assertEquals("5.10.0-21-amd64", a.release());
    assertEquals("/", a.toMap().get("request") instanceof Map ? ((Map<?, ?>) a.toMap().get("request")).get("cpuset") : null);
    KernelReport s = parse(
        "SLUB: Unable to allocate memory on node -1, gfp=0xa20(GFP_ATOMIC)",
        "  cache: kmalloc-256, object size: 256, buffer size: 256, default order: 1, min order: 0");
    assertEquals("slab_failure", s.kind());
    assertEquals(-1L, s.slabFailure().get("node"));
    assertEquals("kmalloc-256", s.slabFailure().get("cache"));
    assertEquals("0xa20", s.slabFailure().get("gfp_mask"));
    KernelReport c = parse("kmem_cache_create_usercopy(foo_cache) failed with error -12");
    assertEquals("cache_create_failure", c.kind());
    assertEquals("kmem_cache_create_usercopy", c.cacheCreateFailure().get("function"));
    assertEquals("foo_cache", c.cacheCreateFailure().get("cache"));
  }

  @Test
  void rhel6KillLineWithSpacesAndV1MemcgStatsAndReaper() {
    KernelReport r = parse(
        "Task in /mygroup killed as a result of limit of /mygroup",
        "memory: usage 524288kB, limit 524288kB, failcnt 1033",
        "memory+swap: usage 524288kB, limit 9007199254740991kB, failcnt 0",
        "Memory cgroup stats for /mygroup: cache:0KB rss:524100KB rss_huge:0KB mapped_file:0KB swap:0KB",
        "Memory cgroup out of memory: Kill process 1234 (java) score 998 or sacrifice child",
        "Killed process 1234, UID 500, (java) total-vm:2000000kB, anon-rss:520000kB, file-rss:100kB",
        "oom_reaper: reaped process 1234 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
    assertEquals("memcg_oom", r.kind());
    assertEquals("/mygroup", r.memcg().get("path"));
    assertEquals(1033L, r.memcg().get("failcnt"));
    assertEquals(9007199254740991L, r.memcg().get("memory_swap_limit_kb"));
    assertEquals(524100L, ((Map<?, ?>) r.memcg().get("stats")).get("rss"));
    assertEquals(500L, r.victim().uid());
    assertEquals("java", r.victim().name());
    assertEquals(998L, r.victim().toMap().get("score"));
    assertEquals(1234L, r.toMap().get("oom_reaper") instanceof Map ? ((Map<?, ?>) r.toMap().get("oom_reaper")).get("pid") : null);
  }

  @Test
  void malformedLinesBecomeProblemsAndTheRestDecodes() {
    KernelReport r = parse(
        "bash invoked oom-killer: gfp_mask=zz, order=x",
        "Node 0 DMA32 free:100kB min:10kB low:12kB high:14kB",
        "lowmem_reserve[]: 0 0 12 oops",
        "Node 0 DMA32: 12*4kB 3*8kB garbage = 60kB",
        "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
        "[  100]     0   100    abc",
        "Killed process 77 (victim) total-vm:10kB, anon-rss:5kB, file-rss:1kB, shmem-rss:0kB");
    List<Problem> p = r.errors();
    assertEquals(5, p.size(), p.toString()); // line 1 has two faults: mask and order
    assertEquals(1, p.get(0).line());
    assertTrue(p.get(0).message().contains("gfp_mask"));
    assertTrue(p.toString().contains("test.log:3: malformed: lowmem_reserve"));
    assertTrue(p.toString().contains("test.log:4: malformed: buddy line for DMA32"));
    assertTrue(p.toString().contains("test.log:6: malformed: task row"));
    assertEquals(77L, r.victim().pid());
    LogZone z = r.zones().get(0);
    assertEquals(2, z.state().orders());
    assertEquals(25L, z.state().free());
    assertFalse(r.incomplete());
    assertNotNull(r.toMap().get("errors"));
  }

  @Test
  void sysrqOrderMinusOneAndStallWarningAnd2632MainlineKill() {
    KernelReport r = parse(
        "kworker/0:1 invoked oom-killer: gfp_mask=0x0(), order=-1, oom_score_adj=0",
        "Out of memory (oom_kill_allocating_task): kill process 4242 (big) score 900 or a child",
        "Killed process 4242 (big)");
    assertEquals(-1, r.order());
    assertEquals("", r.gfpPrintedFlags());
    assertEquals(4242L, r.victim().pid());
    assertEquals("big", r.victim().name());
    assertTrue(r.victim().killed());
    KernelReport s = parse(
        "java: page allocation stalls for 10004ms, order:0, mode:0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD)");
    assertEquals("alloc_failure", s.kind());
    assertEquals("0x24201ca", s.gfpMask());
    assertEquals(10004L, ((Map<?, ?>) s.toMap().get("request")).get("stall_ms"));
  }

  @Test
  void everyPrefixOfEverySeedLineDecodesWithoutThrowing() throws Exception {
    java.nio.file.Path root = ReportParserSeedTest.ROOT;
    int lines = 0;
    try (java.util.stream.Stream<java.nio.file.Path> dirs = java.nio.file.Files.list(root)) {
      for (java.nio.file.Path dir : (Iterable<java.nio.file.Path>) dirs::iterator) {
        for (RawReport raw : ReportAssembler.assemble("f", new String(java.nio.file.Files.readAllBytes(dir.resolve("input.log")), java.nio.charset.StandardCharsets.UTF_8))) {
          for (LogLine l : raw.lines()) {
            String t = l.text();
            for (int n = 0; n <= t.length(); n++) {
              KernelReport r = parse(t.substring(0, n));
              for (Problem p : r.errors()) {
                assertFalse(p.message().startsWith("could not decode line"), p.toString());
              }
              lines++;
            }
          }
        }
      }
    }
    assertTrue(lines > 10000, "covered " + lines);
  }

  @Test
  @SuppressWarnings("unchecked")
  void analysisContributesIntoTheTreeAndCannotChangeTheReport() {
    KernelReport r = parse(
        "Memory cgroup stats for /a: cache:0KB rss:4KB",
        "Node 0 Normal free:100kB min:10kB low:12kB high:14kB",
        "Node 0 Normal: 1*4kB 0*8kB = 4kB");
    KernelReport a = r.withAnalysis((rep, root) -> {
      Map<String, Object> gfp = (Map<String, Object>) ((Map<String, Object>) root.get("request")).get("gfp");
      gfp.put("symbolic", "GFP_KERNEL");
      ((Map<String, Object>) ((List<Object>) root.get("zones")).get(0)).put("request_fits", false);
      ((Map<String, Object>) ((Map<String, Object>) root.get("memcg")).get("stats")).put("rss", -1L);
    });
    Map<String, Object> m = a.toMap();
    assertEquals("GFP_KERNEL", ((Map<?, ?>) ((Map<?, ?>) m.get("request")).get("gfp")).get("symbolic"));
    assertEquals(false, ((Map<?, ?>) ((List<?>) m.get("zones")).get(0)).get("request_fits"));
    assertEquals(4L, ((Map<?, ?>) r.memcg().get("stats")).get("rss"));
    assertEquals(null, r.toMap().get("diagnosis"));
    assertEquals(4L, ((Map<?, ?>) ((Map<?, ?>) r.toMap().get("memcg")).get("stats")).get("rss"));
  }

  @Test
  void vmallocFailureLine() {
    KernelReport r = parse(
        "insmod: vmalloc error: size 1073741824, page order 0, failed to allocate pages, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null),cpuset=/,mems_allowed=0");
    assertEquals("alloc_failure", r.kind());
    assertEquals("insmod", r.processName());
    assertEquals(0, r.order());
    assertEquals("0xdc0", r.gfpMask());
    assertEquals(Boolean.TRUE, ((Map<?, ?>) r.toMap().get("request")).get("vmalloc"));
    assertTrue(r.errors().isEmpty(), r.errors().toString());
  }

  @Test
  void unreclaimableSlabTableAndParsedRelease() {
    KernelReport r = parse(
        "CPU: 2 PID: 881 Comm: stress Not tainted 4.18.0-305.el8.x86_64 #1",
        "Unreclaimable slab info:",
        "Name                      Used          Total",
        "kmalloc-2048           204800KB     204800KB",
        "task_struct               7680KB       8192KB",
        "Tasks state (memory values in pages):",
        "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
        "[    881]     0   881    26000    25000   217088        0             0 stress");
    assertEquals(2, r.unreclaimableSlab().size());
    assertEquals("kmalloc-2048", r.unreclaimableSlab().get(0).get("name"));
    assertEquals(204800L, r.unreclaimableSlab().get(0).get("used_kb"));
    assertEquals(8192L, r.unreclaimableSlab().get(1).get("total_kb"));
    assertTrue(r.kernelRelease().atLeast(4, 15));
    assertEquals(217088L, r.tasks().get(0).column("pgtables_bytes"));
    assertTrue(r.errors().isEmpty(), r.errors().toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void compactionSwapStatsReaperFailureAndPanic() {
    KernelReport r = parse(
        "java invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null), order=3, oom_score_adj=0",
        "COMPACTION is disabled!!!",
        "Swap cache stats: add 1024, delete 1000, find 7/9",
        "Out of memory and no killable processes...",
        "oom_reaper: unable to reap pid:812 (java)");
    Map<String, Object> m = r.toMap();
    Map<String, Object> req = (Map<String, Object>) m.get("request");
    assertEquals(Boolean.TRUE, req.get("compaction_disabled"));
    assertEquals("(null)", req.get("nodemask"));
    assertEquals(3, r.order());
    assertEquals(1024L, ((Map<?, ?>) m.get("totals")).get("swap_cache_add"));
    assertEquals(9L, ((Map<?, ?>) m.get("totals")).get("swap_cache_find_total"));
    assertEquals("Out of memory and no killable processes...", m.get("panic"));
    assertEquals(812L, ((Map<?, ?>) m.get("oom_reaper")).get("pid"));
    assertEquals(Boolean.FALSE, ((Map<?, ?>) m.get("oom_reaper")).get("reaped"));
    assertEquals("oom_kill", r.kind());
    assertTrue(r.errors().isEmpty(), r.errors().toString());
  }
}
