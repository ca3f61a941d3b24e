package io.mmlens.core.kmsg;

import io.mmlens.core.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One decoded kernel memory report (OOM kill, page allocation failure, memcg OOM); immutable. */
public final class KernelReport {

  /** Mutable working state the parser fills; copied into the immutable report. */
  static final class Draft {
    String kind;
    String host;
    String timestamp;
    String release;
    String releaseSource;
    String processName;
    Long processPid;
    String gfpMask;
    String gfpPrintedFlags;
    Integer order;
    String nodemask;
    String cpuset;
    String memsAllowed;
    Long stallMs;
    boolean vmalloc;
    boolean compactionDisabled;
    String panic;
    final List<LogZone> zones = new ArrayList<>();
    int pageSize;
    String pageSizeSource;
    final Map<String, Long> meminfo = new LinkedHashMap<>();
    final Map<String, Object> nodes = new LinkedHashMap<>();
    final List<Map<String, Object>> hugepages = new ArrayList<>();
    final Map<String, Long> totals = new LinkedHashMap<>();
    Long swapTotalKb;
    Long swapFreeKb;
    final List<String> taskColumns = new ArrayList<>();
    final List<TaskRow> tasks = new ArrayList<>();
    final List<Map<String, Object>> unreclaimableSlab = new ArrayList<>();
    Victim victim;
    final Map<String, Object> oomKill = new LinkedHashMap<>();
    final Map<String, Object> reaper = new LinkedHashMap<>();
    final Map<String, Object> memcg = new LinkedHashMap<>();
    final Map<String, Object> slabFailure = new LinkedHashMap<>();
    final Map<String, Object> cacheCreateFailure = new LinkedHashMap<>();
    boolean incomplete;
    String incompleteReason;
    final List<Problem> errors = new ArrayList<>();
    long firstLine;
    long lastLine;
  }

  private final Draft d;
  private final ReportAnalysis analysis;

  KernelReport(Draft d, ReportAnalysis analysis) {
    this.d = d;
    this.analysis = analysis;
  }

  /** A copy of this report that carries {@code analysis}, whose fields join {@link #toMap()}. */
  public KernelReport withAnalysis(ReportAnalysis analysis) {
    return new KernelReport(d, analysis);
  }

  /** The attached analysis or null. */
  public ReportAnalysis analysis() {
    return analysis;
  }

  /** {@code oom_kill}, {@code alloc_failure}, {@code memcg_oom}, {@code slab_failure} or {@code cache_create_failure}. */
  public String kind() {
    return d.kind;
  }

  public String host() {
    return d.host;
  }

  public String timestamp() {
    return d.timestamp;
  }

  /** Kernel release as printed on the {@code CPU:}/{@code Pid:} line, or null. */
  public String release() {
    return d.release;
  }

  /** The release parsed ({@code atLeast(4, 6)} …), or null when not printed / not parseable. */
  public io.mmlens.core.KernelRelease kernelRelease() {
    return io.mmlens.core.KernelRelease.parse(d.release);
  }

  /** Task table column names in header order (era-specific), empty without a table. */
  public List<String> taskColumns() {
    return Collections.unmodifiableList(d.taskColumns);
  }

  /** 4.15+ {@code Unreclaimable slab info:} rows: name, used_kb, total_kb. */
  public List<Map<String, Object>> unreclaimableSlab() {
    return Collections.unmodifiableList(d.unreclaimableSlab);
  }

  public String processName() {
    return d.processName;
  }

  public Long processPid() {
    return d.processPid;
  }

  /** The gfp mask as printed ({@code 0x84d0}), or null. */
  public String gfpMask() {
    return d.gfpMask;
  }

  /** The kernel's own symbolic flags text (4.6+ {@code (GFP_KERNEL|...)}), or null. */
  public String gfpPrintedFlags() {
    return d.gfpPrintedFlags;
  }

  /** Requested order; null when no header was seen (dump only); may be -1 (sysrq). */
  public Integer order() {
    return d.order;
  }

  public List<LogZone> zones() {
    return Collections.unmodifiableList(d.zones);
  }

  /** Page size in bytes (from the buddy labels; 4096 assumed when none, see pageSizeSource). */
  public int pageSize() {
    return d.pageSize;
  }

  public Map<String, Long> meminfo() {
    return Collections.unmodifiableMap(d.meminfo);
  }

  public List<TaskRow> tasks() {
    return Collections.unmodifiableList(d.tasks);
  }

  public Victim victim() {
    return d.victim;
  }

  public Long swapTotalKb() {
    return d.swapTotalKb;
  }

  public Long swapFreeKb() {
    return d.swapFreeKb;
  }

  public Map<String, Object> memcg() {
    return Collections.unmodifiableMap(copy(d.memcg));
  }

  public Map<String, Object> cacheCreateFailure() {
    return Collections.unmodifiableMap(d.cacheCreateFailure);
  }

  public Map<String, Object> slabFailure() {
    return Collections.unmodifiableMap(d.slabFailure);
  }

  public boolean incomplete() {
    return d.incomplete;
  }

  public List<Problem> errors() {
    return Collections.unmodifiableList(d.errors);
  }

  /** The JSON/ES/Logstash field tree (see docs/fields.md, Kernel report). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", d.kind);
    m.put("host", d.host);
    m.put("timestamp", d.timestamp);
    Map<String, Object> kernel = new LinkedHashMap<>();
    kernel.put("release", d.release);
    kernel.put("release_source", d.releaseSource);
    m.put("kernel", kernel);
    Map<String, Object> req = new LinkedHashMap<>();
    Map<String, Object> proc = new LinkedHashMap<>();
    proc.put("name", d.processName);
    proc.put("pid", d.processPid);
    req.put("process", proc);
    Map<String, Object> gfp = new LinkedHashMap<>();
    gfp.put("mask", d.gfpMask);
    gfp.put("printed_flags", d.gfpPrintedFlags);
    req.put("gfp", gfp);
    req.put("order", d.order);
    putIf(req, "nodemask", d.nodemask);
    putIf(req, "cpuset", d.cpuset);
    putIf(req, "mems_allowed", d.memsAllowed);
    putIf(req, "stall_ms", d.stallMs);
    if (d.vmalloc) {
      req.put("vmalloc", true);
    }
    if (d.compactionDisabled) {
      req.put("compaction_disabled", true);
    }
    m.put("request", req);
    m.put("page_size", d.pageSize);
    m.put("page_size_source", d.pageSizeSource);
    List<Object> zl = new ArrayList<>();
    for (LogZone z : d.zones) {
      zl.add(z.toMap());
    }
    m.put("zones", zl);
    m.put("meminfo", new LinkedHashMap<>(d.meminfo));
    if (!d.nodes.isEmpty()) {
      m.put("nodes", copy(d.nodes));
    }
    if (!d.hugepages.isEmpty()) {
      m.put("hugepages", copy(d.hugepages));
    }
    m.put("totals", new LinkedHashMap<>(d.totals));
    Map<String, Object> swap = new LinkedHashMap<>();
    swap.put("total_kb", d.swapTotalKb);
    swap.put("free_kb", d.swapFreeKb);
    m.put("swap", swap);
    m.put("tasks", tasksSummary());
    if (!d.unreclaimableSlab.isEmpty()) {
      m.put("unreclaimable_slab", copy(d.unreclaimableSlab));
    }
    m.put("victim", d.victim == null ? null : d.victim.toMap());
    if (d.panic != null) {
      m.put("panic", d.panic);
    }
    if (!d.oomKill.isEmpty()) {
      m.put("oom_kill", new LinkedHashMap<>(d.oomKill));
    }
    if (!d.reaper.isEmpty()) {
      m.put("oom_reaper", new LinkedHashMap<>(d.reaper));
    }
    m.put("memcg", d.memcg.isEmpty() ? null : copy(d.memcg));
    if (!d.slabFailure.isEmpty()) {
      m.put("slab_failure", new LinkedHashMap<>(d.slabFailure));
    }
    if (!d.cacheCreateFailure.isEmpty()) {
      m.put("cache_create_failure", new LinkedHashMap<>(d.cacheCreateFailure));
    }
    m.put("incomplete", d.incomplete);
    if (d.incompleteReason != null) {
      m.put("incomplete_reason", d.incompleteReason);
    }
    List<Object> errs = new ArrayList<>();
    for (Problem p : d.errors) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("line", p.line());
      e.put("kind", p.kind().label());
      e.put("message", p.message());
      errs.add(e);
    }
    m.put("errors", errs);
    if (analysis != null) {
      analysis.contribute(this, m);
    }
    return m;
  }

  /** count, columns, and top 5 consumers by rss (pages). */
  private Map<String, Object> tasksSummary() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("count", d.tasks.size());
    t.put("columns", new ArrayList<>(d.taskColumns));
    List<TaskRow> sorted = new ArrayList<>(d.tasks);
    sorted.sort(Comparator.comparingLong(TaskRow::rssPages).reversed());
    List<Object> top = new ArrayList<>();
    for (int i = 0; i < sorted.size() && i < 5; i++) {
      Map<String, Object> r = sorted.get(i).toMap();
      r.put("rss_kb", sorted.get(i).rssPages() * (d.pageSize / 1024));
      top.add(r);
    }
    t.put("top_rss", top);
    return t;
  }

  /** Deep copy of nested maps/lists so callers (and analyses) cannot change the report. */
  @SuppressWarnings("unchecked")
  private static <T> T copy(T v) {
    if (v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
        out.put(e.getKey(), copy(e.getValue()));
      }
      return (T) out;
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<Object>) v) {
        out.add(copy(o));
      }
      return (T) out;
    }
    return v;
  }

  private static void putIf(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
