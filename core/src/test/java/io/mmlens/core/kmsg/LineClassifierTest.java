package io.mmlens.core.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every recognizer accepts its own real samples and no other kind's (cross matrix). */
class LineClassifierTest {

  private static final Map<LineKind, String[]> SAMPLES = new EnumMap<>(LineKind.class);

  private static void s(LineKind k, String... samples) {
    SAMPLES.put(k, samples);
  }

  static {
    s(LineKind.OOM_HEADER,
        "apache2 invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0, oom_score_adj=0",
        "nginx invoked oom-killer: gfp_mask=0x200da, order=0, oom_score_adj=0",
        "java invoked oom-killer: gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD), nodemask=0, order=0, oom_score_adj=0",
        "stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
    s(LineKind.ALLOC_FAILURE,
        "qemu_wl50: page allocation failure. order:4,mode:0x20",
        "exe: page allocation failure: order:6, mode:0x10c0d0",
        "kworker/0:1: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0",
        "insmod: vmalloc: allocation failure: 4294967296 bytes, mode:0x24000c2(GFP_KERNEL|__GFP_HIGHMEM)",
        "modprobe: vmalloc error: size 8192, vm_struct allocation failed, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0");
    s(LineKind.ALLOC_STALL,
        "kswapd0: page allocation stalls for 10032ms, order:0, mode:0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=(null)");
    s(LineKind.SLUB_FAILURE,
        "SLUB: Unable to allocate memory on node -1 (gfp=0x20)",
        "SLUB: Unable to allocate memory on node -1, gfp=0xa20(GFP_ATOMIC)");
    s(LineKind.KMEM_CACHE_CREATE_FAILED,
        "kmem_cache_create(nf_conntrack_ffff8803eef66180) failed with error -12",
        "kmem_cache_create_usercopy(ext4_inode_cache) failed with error -12",
        "__kmem_cache_create_args(zs_handle) failed with error -12");
    s(LineKind.SYSRQ_SHOW_MEMORY, "sysrq: Show Memory", "SysRq : Show Memory");
    s(LineKind.CPUSET,
        "nginx cpuset=6011a7f12bac1c4592ce41407bb41d49836197001a0e355f5a1d9589e4001e42 mems_allowed=0",
        "mongod cpuset=/ mems_allowed=0-1");
    s(LineKind.TASK_INFO,
        "CPU: 1 PID: 10242 Comm: nginx Not tainted 3.13.0-86-generic #130-Ubuntu",
        "Pid: 4444,comm: qemu_wl50 Not tainted 2.6.32-431.17.1.el6.x86_64 #1",
        "Pid: 21832, comm: clamd Tainted: G C 3.2.59 #21",
        "CPU: 3 UID: 0 PID: 4242 Comm: stress Not tainted 6.18.44 #1");
    s(LineKind.HARDWARE_NAME,
        "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS rel-1.8.2-0-g33fbe13 by qemu-project.org 04/01/2014");
    s(LineKind.CALL_TRACE,
        "Call Trace:",
        "[<c01739ac>] ? dump_header+0x4d/0x160",
        "[<ffffffffa013a55c>] ? tg3_start_xmit+0xa8c/0xd80 [tg3]",
        "<IRQ>  [<ffffffff8112f64a>] ? __alloc_pages_nodemask+0x74a/0x8d0",
        "<EOI>  [<ffffffffa018e271>] ? kvm_arch_vcpu_ioctl_run+0x4c1/0x10b0 [kvm]",
        "0000000000000000 ffff880070611a00 ffffffff8172a3b4 ffff88012af6c800",
        " <TASK>",
        " dump_stack_lvl+0x44/0x5c",
        " ? __alloc_pages+0x10a/0x320",
        "RIP: 0033:0x7f3c2a1b2c37",
        "RSP: 002b:00007ffd1c1f5e28 EFLAGS: 00000246 ORIG_RAX: 0000000000000009",
        "Workqueue: events_unbound flush_to_ldisc",
        "FS:  00007f3c2a0b8740(0000) GS:ffff88813bc00000(0000) knlGS:0000000000000000");
    s(LineKind.COMPACTION_DISABLED, "COMPACTION is disabled!!!");
    s(LineKind.SLUB_DETAIL,
        "  cache: kmalloc-256, object size: 256, buffer size: 256, default order: 1, min order: 0",
        "  node 0: slabs: 102, objs: 3264, free: 0",
        "  kmalloc-256 debugging increased min order, use slub_debug=O to disable.");
    s(LineKind.MEMCG_TASK_IN,
        "Task in /docker/1f2e killed as a result of limit of /docker/1f2e",
        "Memory limit reached of cgroup /mmlens-test");
    s(LineKind.MEMCG_COUNTER,
        "memory: usage 524288kB, limit 524288kB, failcnt 1311",
        "memory+swap: usage 524288kB, limit 9007199254740988kB, failcnt 0",
        "kmem: usage 2216kB, limit 9007199254740988kB, failcnt 0",
        "swap: usage 0kB, limit 0kB, failcnt 0");
    s(LineKind.MEMCG_STATS,
        "Memory cgroup stats for /docker/1f2e: cache:0KB rss:524160KB rss_huge:0KB mapped_file:0KB swap:0KB",
        "Memory cgroup stats for /mmlens-test:");
    s(LineKind.MEM_INFO, "Mem-Info:");
    s(LineKind.PER_CPU_HEADER, "DMA per-cpu:", "Node 0 Normal per-cpu:");
    s(LineKind.PER_CPU, "CPU    0: hi:  186, btch:  31 usd:  36", "CPU 2: hi: 0, btch: 1 usd: 0");
    s(LineKind.COUNTERS,
        "active_anon:79945387 inactive_anon:3660742 isolated_anon:0",
        " active_file:13358 inactive_file:10581 isolated_file:0",
        "unevictable:0 dirty:2 writeback:0 unstable:0",
        " free:113585 free_pcp:39 free_cma:0",
        "mapped:213 shmem:41 pagetables:188243 bounce:0",
        " slab_reclaimable:1935137 slab_unreclaimable:1709086",
        " sec_pagetables:0 bounce:0",
        " kernel_misc_reclaimable:0");
    s(LineKind.NODE_STATS,
        "Node 0 active_anon:2156kB inactive_anon:10488kB active_file:28kB inactive_file:0kB unevictable:0kB isolated(anon):0kB isolated(file):0kB mapped:0kB dirty:0kB writeback:0kB shmem:0kB all_unreclaimable? no");
    s(LineKind.ZONE,
        "Node 0 DMA free:15728kB min:0kB low:0kB high:0kB active_anon:0kB present:15332kB",
        "Normal free:5376kB min:4004kB low:5004kB high:6004kB active_anon:0kB",
        "Node 1 Normal free:43013460kB boost:0kB min:45060kB low:56324kB high:67588kB reserved_highatomic:0KB");
    s(LineKind.LOWMEM_RESERVE, "lowmem_reserve[]: 0 2965 193855 193855", "lowmem_reserve[]: 0 0 0 0 0");
    s(LineKind.BUDDY,
        "Node 0 DMA: 2*4kB 1*8kB 2*16kB 2*32kB 2*64kB 1*128kB 0*256kB 0*512kB 1*1024kB 1*2048kB 3*4096kB = 15728kB",
        "HighMem: 18118*4kB 7805*8kB 836*16kB 27*32kB 1*64kB 0*128kB = 149216kB",
        "Node 0 DMA32: 1101*4kB (UE) 745*8kB (UEM) 475*16kB (UEM) 263*32kB (EM) 0*4096kB = 48524kB",
        "Node 0 Movable: 0*4kB 0*8kB 0*16kB 0*32kB 0*64kB = 0kB",
        "Node 0 Normal: 410*64kB (UME) 12*128kB (UMH) 0*256kB = 27776kB");
    s(LineKind.HUGEPAGES,
        "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB");
    s(LineKind.PAGECACHE, "49429 total pagecache pages");
    s(LineKind.SWAP,
        "48929 pages in swap cache",
        "Swap cache stats: add 2688331,delete 2639402,find 16219898/16530111",
        "Free swap  = 3264kB",
        "Free swap = 524144kB",
        "Total swap = 512248kB");
    s(LineKind.RAM,
        "100663294 pages RAM",
        "865282 pages HighMem",
        "0 pages HighMem/MovableOnly",
        "1446311 pages reserved",
        "10374115 pages shared",
        "84534113 pages non-shared",
        "0 pages cma reserved",
        "0 pages hwpoisoned");
    s(LineKind.UNRECLAIMABLE_SLAB, "Unreclaimable slab info:");
    s(LineKind.UNRECLAIMABLE_SLAB_ROW,
        "Name                      Used          Total",
        "kmalloc-4096              4608KB       4608KB");
    s(LineKind.TASK_STATE_HEADER, "Tasks state (memory values in pages):");
    s(LineKind.TASK_HEADER,
        "[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name",
        "[ pid ] uid tgid total_vm rss nr_ptes swapents oom_score_adj name",
        "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
        "[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name");
    s(LineKind.TASK_ROW,
        "[ 3878]     0  3878 32042399 31569413  10       0             0 qemu_wl52",
        "[ 1059] 0 1059 552 184 3 -17 -1000 udevd",
        "[   4242]  1000  4242   788992   262455   262144      311        0  2113536        0             0 stress");
    s(LineKind.OOM_KILL_SUMMARY,
        "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=liz,mems_allowed=0,oom_memcg=/liz,task_memcg=/liz,task=mem_stress,pid=10233,uid=0");
    s(LineKind.OOM_KILL_FRAGMENT, ",global_oom,task_memcg=/user.slice,task=java,pid=4242,uid=1000");
    s(LineKind.KILL_CHOICE,
        "Out of memory: Kill process 3878 (qemu_wl52) score 318 or sacrifice child",
        "Memory cgroup out of memory: Kill process 4242 (java) score 999 or sacrifice child",
        "Out of memory: kill process 1234 (httpd) score 57722 or a child",
        "Out of memory (oom_kill_allocating_task): Kill process 77 (a.out) score 0 or sacrifice child");
    s(LineKind.KILLED,
        "Killed process 3878,UID 0,(qemu_wl52) total-vm:128169596kB,anon-rss:126277476kB,file-rss:176kB",
        "Killed process 2196 (rpc.statd) total-vm:1880kB, anon-rss:124kB, file-rss:576kB",
        "Killed process 1234 (httpd)",
        "Out of memory: Killed process 4242 (java) total-vm:3155968kB, anon-rss:1049820kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:2064kB oom_score_adj:0",
        "Memory cgroup out of memory: Killed process 4242 (stress) total-vm:8204kB, anon-rss:5120kB, file-rss:1024kB, shmem-rss:0kB, UID:0 pgtables:52kB oom_score_adj:0");
    s(LineKind.KILL_OTHER,
        "Kill process 4243 (java) sharing same memory",
        "Out of memory and no killable processes...",
        "Memory cgroup out of memory: OOM victim 4242 (java) is already exiting. Skip killing the task");
    s(LineKind.OOM_REAPER,
        "oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
        "oom_reaper: unable to reap pid:4242 (java)");
    s(LineKind.ELISION, "...", "...(此处有省略)", "(rest of process list omitted)");
    s(LineKind.MEMCG_STAT_ITEM, "anon 536870912", "pgfault 131329", "workingset_refault_anon 0",
        "hierarchical_memory_limit 50331648");
    s(LineKind.BLANK, "", "   ");
    s(LineKind.OTHER,
        "Unable to create nf_conn slab cache",
        "e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
        "audit: type=1400 audit(1700000000.123:42): apparmor=\"DENIED\" operation=\"open\"",
        "dockerd: time=\"2017-11-12T15:15:41.523932697+08:00\" level=error msg=\"containerd: start container\"",
        "                        dirty:2 writeback:130 unstable:0",
        "                        unevictable:95756kB isolated(anon):0kB isolated(file):0kB",
        "d(file):0kB present:15808kB mlocked:0kB",
        "EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.");
  }

  @Test
  void everyKindHasSamplesAndClassifiesThem() {
    for (LineKind k : LineKind.values()) {
      String[] samples = SAMPLES.get(k);
      assertTrue(samples != null && samples.length > 0, "no samples for " + k);
      for (String sample : samples) {
        assertEquals(k, LineClassifier.classify(sample), sample);
      }
    }
  }

  @Test
  void crossMatrixEachRecognizerMatchesOnlyItsOwnSamples() {
    List<String> wrong = new ArrayList<>();
    for (LineClassifier.Rule rule : LineClassifier.rules()) {
      for (Map.Entry<LineKind, String[]> e : SAMPLES.entrySet()) {
        for (String sample : e.getValue()) {
          boolean own = e.getKey() == rule.kind();
          if (rule.matches(sample) != own) {
            wrong.add(rule.kind() + (own ? " misses " : " also matches ") + e.getKey() + ": " + sample);
          }
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void quickRejectNeverRejectsAReportStarter() {
    for (LineKind k : LineKind.values()) {
      if (k.isHeader() || k.canStartHeaderless()) {
        for (String sample : SAMPLES.get(k)) {
          if (k == LineKind.COUNTERS && !sample.startsWith("active_anon:")) {
            continue; // only the first counter line starts a headerless dump
          }
          assertTrue(LineClassifier.mayStartReport(sample, 0), sample);
        }
      }
    }
    assertFalse(LineClassifier.mayStartReport("e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex", 0));
    assertFalse(LineClassifier.mayStartReport("", 0));
  }
}
