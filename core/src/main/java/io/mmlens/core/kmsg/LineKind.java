package io.mmlens.core.kmsg;

/**
 * What one kernel log line is, as far as memory-failure reports go. Each kind has the report
 * phase it belongs to (header, context, memcg, Mem-Info, tail, task table, kill, done), which the
 * {@link ReportAssembler} uses to decide where a report ends. See {@link LineClassifier} for a real
 * sample of each.
 */
public enum LineKind {
  // Report headers: each starts a new report.
  OOM_HEADER(Phase.HEADER, Flags.HEADER | Flags.WRAP),
  ALLOC_FAILURE(Phase.HEADER, Flags.HEADER | Flags.WRAP),
  ALLOC_STALL(Phase.HEADER, Flags.HEADER | Flags.WRAP),
  SLUB_FAILURE(Phase.HEADER, Flags.HEADER | Flags.WRAP),
  KMEM_CACHE_CREATE_FAILED(Phase.HEADER, Flags.HEADER | Flags.WRAP),
  SYSRQ_SHOW_MEMORY(Phase.HEADER, Flags.HEADER),
  // Context: who asked, the stack.
  CPUSET(Phase.CONTEXT, Flags.WRAP),
  TASK_INFO(Phase.CONTEXT, Flags.WRAP),
  HARDWARE_NAME(Phase.CONTEXT, Flags.WRAP),
  CALL_TRACE(Phase.CONTEXT, 0),
  COMPACTION_DISABLED(Phase.CONTEXT, 0),
  SLUB_DETAIL(Phase.CONTEXT, Flags.WRAP),
  // Memory cgroup information.
  MEMCG_TASK_IN(Phase.MEMCG, Flags.START | Flags.WRAP),
  MEMCG_COUNTER(Phase.MEMCG, Flags.WRAP),
  MEMCG_STATS(Phase.MEMCG, Flags.WRAP),
  MEMCG_STAT_ITEM(Phase.MEMCG, Flags.CONTEXTUAL),
  // show_mem() dump.
  MEM_INFO(Phase.MEMINFO, Flags.START),
  PER_CPU_HEADER(Phase.MEMINFO, 0),
  PER_CPU(Phase.MEMINFO, 0),
  COUNTERS(Phase.MEMINFO, Flags.START | Flags.WRAP),
  NODE_STATS(Phase.MEMINFO, Flags.WRAP),
  ZONE(Phase.MEMINFO, Flags.WRAP),
  LOWMEM_RESERVE(Phase.MEMINFO, Flags.WRAP),
  BUDDY(Phase.MEMINFO, Flags.WRAP),
  HUGEPAGES(Phase.MEMINFO, 0),
  PAGECACHE(Phase.TAIL, 0),
  SWAP(Phase.TAIL, 0),
  RAM(Phase.TAIL, 0),
  // OOM only.
  UNRECLAIMABLE_SLAB(Phase.TASKS, 0),
  UNRECLAIMABLE_SLAB_ROW(Phase.TASKS, Flags.CONTEXTUAL),
  TASK_STATE_HEADER(Phase.TASKS, Flags.START),
  TASK_HEADER(Phase.TASKS, Flags.START),
  TASK_ROW(Phase.TASKS, 0),
  OOM_KILL_SUMMARY(Phase.KILL, Flags.START | Flags.WRAP),
  OOM_KILL_FRAGMENT(Phase.KILL, 0),
  KILL_CHOICE(Phase.KILL, Flags.START | Flags.WRAP),
  KILL_OTHER(Phase.KILL, 0),
  KILLED(Phase.DONE, Flags.START | Flags.WRAP),
  OOM_REAPER(Phase.DONE, 0),
  // Neutral: kept inside a report (elision) or skipped (blank) without ending it.
  ELISION(Phase.NONE, 0),
  BLANK(Phase.NONE, 0),
  /** Anything else: not part of a report. */
  OTHER(Phase.NONE, 0);

  /** Report phases in the order the kernel prints them. */
  public static final class Phase {
    public static final int NONE = -1;
    public static final int HEADER = 0;
    public static final int CONTEXT = 1;
    public static final int MEMCG = 2;
    public static final int MEMINFO = 3;
    public static final int TAIL = 4;
    public static final int TASKS = 5;
    public static final int KILL = 6;
    public static final int DONE = 7;

    private Phase() {}
  }

  private final int phase;
  private final int flags;

  LineKind(int phase, int flags) {
    this.phase = phase;
    this.flags = flags;
  }

  /** The report phase ({@link Phase}) this kind belongs to; {@link Phase#NONE} for neutral kinds. */
  public int phase() {
    return phase;
  }

  /** Starts a new report whatever came before. */
  public boolean isHeader() {
    return (flags & Flags.HEADER) != 0;
  }

  /** Can start a report whose header is not in the input (seed 000 starts at the counters). */
  public boolean canStartHeaderless() {
    return (flags & Flags.START) != 0;
  }

  /** Long enough that terminals, blogs and shippers wrap it; continuation lines join it. */
  public boolean isWrappable() {
    return (flags & Flags.WRAP) != 0;
  }

  /** Only meaningful right after its own block (its shape alone is too generic). */
  public boolean isContextual() {
    return (flags & Flags.CONTEXTUAL) != 0;
  }

  // A holder class: enum constants cannot refer to the enum's own static fields.
  private static final class Flags {
    static final int HEADER = 1;
    static final int START = 2;
    static final int WRAP = 4;
    static final int CONTEXTUAL = 8;
  }
}
