package io.mmlens.core.kmsg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Classifies one kernel log line (prefix already stripped) through a table of recognizers: a real
 * sample line above each, hand-written prefix and token checks, no regex. The first matching
 * recognizer wins; the order only matters where shapes overlap (noted inline).
 */
public final class LineClassifier {

  /** One table entry: the kind it yields and its check. */
  public static final class Rule {
    final LineKind kind;
    final String firstChars;
    final Recognizer recognizer;

    Rule(LineKind kind, String firstChars, Recognizer recognizer) {
      this.kind = kind;
      this.firstChars = firstChars;
      this.recognizer = recognizer;
    }

    /** Whether a line whose first non-blank character is c can match (null = any). */
    boolean mayStartWith(char c) {
      return firstChars == null || firstChars.indexOf(c) >= 0;
    }

    public LineKind kind() {
      return kind;
    }

    /** True when this rule alone accepts the text (used by the cross-matrix test). */
    public boolean matches(String text) {
      int i = Text.skipSpaces(text, 0);
      return i < text.length() && mayStartWith(text.charAt(i)) && recognizer.test(text, i);
    }
  }

  interface Recognizer {
    /** @param i index of the first non-blank character of t */
    boolean test(String t, int i);
  }

  private static final List<Rule> RULES = new ArrayList<>();

  private static final String ANY = null;
  private static final String DIGITS = "0123456789";
  private static final String ZONE_START = "NDHM"; // Node, DMA, DMA32, Normal, HighMem, Movable, Device

  /**
   * @param firstChars the characters a matching line can start with (after blanks), or ANY; only
   *     rules admitting a line's first character are tried, so most lines meet few recognizers
   */
  private static void rule(LineKind kind, String firstChars, Recognizer r) {
    RULES.add(new Rule(kind, firstChars, r));
  }

  static {
    // --- headers ---------------------------------------------------------------------------
    // apache2 invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0, oom_score_adj=0
    rule(LineKind.OOM_HEADER, ANY, (t, i) -> Recognizers.afterComm(t, i, " invoked oom-killer: ") > 0);
    // qemu_wl50: page allocation failure. order:4,mode:0x20
    // exe: page allocation failure: order:6, mode:0x10c0d0
    // modprobe: vmalloc error: size 8192, vm_struct allocation failed, mode:0xcc0(GFP_KERNEL), ...
    rule(LineKind.ALLOC_FAILURE, ANY, Recognizers::allocFailure);
    // kswapd0: page allocation stalls for 10032ms, order:0, mode:0x14200ca(GFP_HIGHUSER_MOVABLE)
    rule(LineKind.ALLOC_STALL, ANY, (t, i) -> Recognizers.afterComm(t, i, ": page allocation stalls for ") > 0);
    // SLUB: Unable to allocate memory on node -1, gfp=0x20(GFP_ATOMIC)
    rule(LineKind.SLUB_FAILURE, "S", (t, i) -> t.startsWith("SLUB: Unable to allocate memory on node", i));
    // kmem_cache_create(nf_conntrack_ffff8803eef66180) failed with error -12
    // kmem_cache_create_usercopy(ext4_inode_cache) failed with error -12
    rule(LineKind.KMEM_CACHE_CREATE_FAILED, "k_", Recognizers::kmemCacheCreate);
    // sysrq: Show Memory
    rule(LineKind.SYSRQ_SHOW_MEMORY, "sS", (t, i) -> t.startsWith("sysrq: Show Memory", i)
        || t.startsWith("SysRq : Show Memory", i));
    // --- context ---------------------------------------------------------------------------
    // nginx cpuset=6011a7f12bac1c4592ce41407bb41d49836197001a0e355f5a1d9589e4001e42 mems_allowed=0
    rule(LineKind.CPUSET, ANY, (t, i) -> {
      int c = Recognizers.afterComm(t, i, " cpuset=");
      return c > 0 && t.indexOf(" mems_allowed=", c) > c;
    });
    // CPU: 1 PID: 10242 Comm: nginx Not tainted 3.13.0-86-generic #130-Ubuntu
    // Pid: 4444,comm: qemu_wl50 Not tainted 2.6.32-431.17.1.el6.x86_64 #1
    rule(LineKind.TASK_INFO, "CP", Recognizers::taskInfo);
    // Hardware name: Xen HVM domU, BIOS 4.0.1 12/16/2014
    rule(LineKind.HARDWARE_NAME, "H", (t, i) -> t.startsWith("Hardware name: ", i));
    // [<ffffffff811869a0>] warn_alloc_failed+0x110/0x180
    rule(LineKind.CALL_TRACE, ANY, CallTrace::matches);
    // COMPACTION is disabled!!!
    rule(LineKind.COMPACTION_DISABLED, "C", (t, i) -> t.startsWith("COMPACTION is disabled", i));
    //   cache: kmalloc-256, object size: 256, buffer size: 256, default order: 1, min order: 0
    rule(LineKind.SLUB_DETAIL, ANY, Recognizers::slubDetail);
    // --- memory cgroup ---------------------------------------------------------------------
    // Task in /docker/1f2e killed as a result of limit of /docker/1f2e
    rule(LineKind.MEMCG_TASK_IN, "TkM", Recognizers::memcgTaskIn);
    // memory: usage 524288kB, limit 524288kB, failcnt 1311
    rule(LineKind.MEMCG_COUNTER, "mks", Recognizers::memcgCounter);
    // Memory cgroup stats for /docker/1f2e: cache:0KB rss:524160KB rss_huge:0KB ...
    rule(LineKind.MEMCG_STATS, "M", (t, i) -> t.startsWith("Memory cgroup stats for ", i));
    // --- show_mem --------------------------------------------------------------------------
    // Mem-Info:
    rule(LineKind.MEM_INFO, "M", (t, i) -> t.startsWith("Mem-Info:", i) || t.startsWith("Mem-info:", i));
    // Node 0 DMA per-cpu:   /   HighMem per-cpu:
    rule(LineKind.PER_CPU_HEADER, ZONE_START, (t, i) -> Recognizers.zoneThen(t, i, " per-cpu:"));
    // CPU    0: hi:  186, btch:  31 usd:  36
    rule(LineKind.PER_CPU, "C", Recognizers::perCpu);
    // active_anon:79945387 inactive_anon:3660742 isolated_anon:0
    //  free:113585 free_pcp:39 free_cma:0
    rule(LineKind.COUNTERS, "aufsmk", Recognizers::counters);
    // Node 0 active_anon:2156kB inactive_anon:10488kB active_file:28kB ... all_unreclaimable? no
    rule(LineKind.NODE_STATS, "N", (t, i) -> Recognizers.nodeThen(t, i, "active_anon:"));
    // Node 0 Normal free:6593828kB min:44356kB low:55444kB high:66532kB ...
    rule(LineKind.ZONE, ZONE_START, (t, i) -> Recognizers.zoneThen(t, i, " free:"));
    // lowmem_reserve[]: 0 2965 193855 193855
    rule(LineKind.LOWMEM_RESERVE, "l", (t, i) -> t.startsWith("lowmem_reserve[]:", i));
    // Node 0 DMA32: 1101*4kB (UE) 745*8kB (UEM) 475*16kB (UEM) ... 0*4096kB = 48524kB
    rule(LineKind.BUDDY, ZONE_START, Recognizers::buddy);
    // Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB
    rule(LineKind.HUGEPAGES, "N", (t, i) -> Recognizers.nodeThen(t, i, "hugepages_total="));
    // 49429 total pagecache pages
    rule(LineKind.PAGECACHE, DIGITS, (t, i) -> Recognizers.numberThen(t, i, " total pagecache pages"));
    // 48929 pages in swap cache  /  Swap cache stats: add 2601, ...  /  Free swap  = 3264kB
    rule(LineKind.SWAP, DIGITS + "SFT", Recognizers::swap);
    // 100663294 pages RAM  /  1446311 pages reserved  /  0 pages HighMem/MovableOnly
    rule(LineKind.RAM, DIGITS, Recognizers::ram);
    // --- OOM: slab, tasks, kill ------------------------------------------------------------
    // Unreclaimable slab info:
    rule(LineKind.UNRECLAIMABLE_SLAB, "U", (t, i) -> t.startsWith("Unreclaimable slab info:", i));
    // kmalloc-4096              4608KB       4608KB      (and the "Name  Used  Total" header)
    rule(LineKind.UNRECLAIMABLE_SLAB_ROW, ANY, Recognizers::slabRow);
    // Tasks state (memory values in pages):
    rule(LineKind.TASK_STATE_HEADER, "T", (t, i) -> t.startsWith("Tasks state (memory values in pages)", i));
    // [ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name
    rule(LineKind.TASK_HEADER, "[", Recognizers::taskHeader);
    // [ 3878]     0  3878 32042399 31569413  10       0             0 qemu_wl52
    rule(LineKind.TASK_ROW, "[", Recognizers::taskRow);
    // oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,...
    rule(LineKind.OOM_KILL_SUMMARY, "o", (t, i) -> t.startsWith("oom-kill:constraint=", i));
    // ,global_oom,task_memcg=/user.slice,task=java,pid=4242,uid=1000   (5.0 split record)
    rule(LineKind.OOM_KILL_FRAGMENT, ",", Recognizers::oomKillFragment);
    // Out of memory: Kill process 3878 (qemu_wl52) score 318 or sacrifice child
    rule(LineKind.KILL_CHOICE, "OMN", Recognizers::killChoice);
    // Killed process 3878,UID 0,(qemu_wl52) total-vm:128169596kB,anon-rss:126277476kB,...
    // Out of memory: Killed process 4242 (java) total-vm:...kB, anon-rss:...kB, ... oom_score_adj:0
    rule(LineKind.KILLED, "KOMN", Recognizers::killed);
    // Kill process 4243 (java) sharing same memory
    rule(LineKind.KILL_OTHER, "KoOMT", Recognizers::killOther);
    // oom_reaper: reaped process 4242 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
    rule(LineKind.OOM_REAPER, "o", (t, i) -> t.startsWith("oom_reaper: ", i));
    // --- neutral ---------------------------------------------------------------------------
    // ...(此处有省略)     /   (rest of process list omitted)
    rule(LineKind.ELISION, ".\u2026[(", Recognizers::elision);
    // anon 536870912   (memory.stat item after "Memory cgroup stats for /x:"; last: too generic)
    rule(LineKind.MEMCG_STAT_ITEM, "abcdefghijklmnopqrstuvwxyz", Recognizers::statItem);
  }

  /** Rules to try per first character (ASCII), in table order; index 128 for all others. */
  private static final Rule[][] DISPATCH = dispatch();

  private static Rule[][] dispatch() {
    Rule[][] d = new Rule[129][];
    for (int c = 0; c <= 128; c++) {
      List<Rule> applicable = new ArrayList<>();
      for (Rule r : RULES) {
        if (c == 128 ? r.firstChars == null || hasNonAscii(r.firstChars) : r.mayStartWith((char) c)) {
          applicable.add(r);
        }
      }
      d[c] = applicable.toArray(new Rule[0]);
    }
    return d;
  }

  private static boolean hasNonAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 128) {
        return true;
      }
    }
    return false;
  }

  private LineClassifier() {}

  /** The table, in matching order. */
  public static List<Rule> rules() {
    return Collections.unmodifiableList(RULES);
  }

  /** Kind of a prefix-free kernel line. */
  public static LineKind classify(String text) {
    int i = Text.skipSpaces(text, 0);
    if (i == text.length()) {
      return LineKind.BLANK;
    }
    char c = text.charAt(i);
    for (Rule r : DISPATCH[c < 128 ? c : 128]) {
      if ((c < 128 || r.mayStartWith(c)) && r.recognizer.test(text, i)) {
        return r.kind;
      }
    }
    return LineKind.OTHER;
  }

  /**
   * Cheap pre-check for a line when no report is open: false means the text (from {@code from})
   * cannot start a report, so it is skipped without classification or allocation.
   */
  public static boolean mayStartReport(String s, int from) {
    return mayStartReport(s, from, s.length());
  }

  /** As {@link #mayStartReport(String, int)} for the line s[from, end) inside a larger text. */
  public static boolean mayStartReport(String s, int from, int end) {
    if (from >= end) {
      return false;
    }
    boolean start;
    switch (s.charAt(from)) {
      case 'M':
        start = s.startsWith("Mem-Info:", from) || s.startsWith("Memory cgroup ", from)
            || s.startsWith("Memory limit reached", from);
        break;
      case 'a':
        start = s.startsWith("active_anon:", from);
        break;
      case 'O':
        start = s.startsWith("Out of memory", from);
        break;
      case 'K':
        start = s.startsWith("Kill", from);
        break;
      case 'o':
        start = s.startsWith("oom-kill:", from);
        break;
      case 'T':
        start = s.startsWith("Task", from);
        break;
      case '[':
        start = s.startsWith("[ pid", from) || s.startsWith("[  pid", from);
        break;
      case 'S':
        start = s.startsWith("SLUB: ", from) || s.startsWith("SysRq : Show Memory", from);
        break;
      case 's':
        start = s.startsWith("sysrq: Show Memory", from);
        break;
      case 'k':
      case '_':
        start = s.startsWith("kmem_cache_create", from) || s.startsWith("__kmem_cache_create", from);
        break;
      case 'N':
        start = s.startsWith("No available memory", from);
        break;
      default:
        start = false;
        break;
    }
    return start || Recognizers.commLedHeader(s, from, end);
  }

}
