package io.mmlens.core.kmsg;

import io.mmlens.core.KernelRelease;
import io.mmlens.core.Problem;
import io.mmlens.core.diagnosis.GfpDiagAnalysis;
import io.mmlens.core.zone.FragmentationIndex;
import io.mmlens.core.zone.ZoneState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one kernel log line on its own, for per-line shippers (Elasticsearch, Logstash) that
 * never see a whole report. Not thread-safe (it keeps a normalizer): use one per thread.
 */
public final class LineDecoder {

  /** What one line is and what it says. */
  public static final class Result {
    private final LineKind kind;
    private final String kindName;
    private final LogLine line;
    private final Map<String, Object> fields;
    private final List<Problem> problems;
    private final Map<String, Object> ecs;

    Result(LineKind kind, String kindName, LogLine line, Map<String, Object> fields,
        List<Problem> problems, Map<String, Object> ecs) {
      this.kind = kind;
      this.kindName = kindName;
      this.line = line;
      this.fields = fields;
      this.problems = problems;
      this.ecs = ecs;
    }

    /** True when the line belongs to a kernel memory report. */
    public boolean memoryRelated() {
      return kindName != null;
    }

    /** The classifier's kind ({@link LineKind#OTHER} when not memory-related). */
    public LineKind kind() {
      return kind;
    }

    /** snake_case kind ({@code zone}, {@code buddy}, {@code oom_header}, ...), null when unrelated. */
    public String kindName() {
      return kindName;
    }

    /** The normalized line (prefix fields), or null when unrelated. */
    public LogLine line() {
      return line;
    }

    /** Decoded fields, same names as {@link KernelReport#toMap()} sections. */
    public Map<String, Object> fields() {
      return fields;
    }

    public List<Problem> problems() {
      return problems;
    }

    /** Suggested ECS {@code event.kind}, {@code event.category}, {@code event.type}, {@code event.action}. */
    public Map<String, Object> ecs() {
      return ecs;
    }
  }

  private static final Result UNRELATED = new Result(LineKind.OTHER, null, null,
      Collections.emptyMap(), Collections.emptyList(), Collections.emptyMap());

  private final LineNormalizer normalizer = new LineNormalizer();
  private final ReportParser parser;
  private LogLine last;
  // a field, not a lambda per call: unrelated lines allocate nothing beyond the normalizer
  private final java.util.function.Consumer<LogLine> sink = l -> {
    if (last == null && isMemory(LineClassifier.classify(l.text()))) {
      last = l;
    }
  };

  /** @param source input name used in problems */
  public LineDecoder(String source) {
    this.parser = new ReportParser(source);
  }

  /** Decodes one physical line; the first memory-related logical line in it wins. */
  public Result decode(String physicalLine) {
    return decode(physicalLine, null);
  }

  /**
   * As {@link #decode(String)}; a header's gfp mask is decoded with {@code kernelOverride}'s flag
   * table when non-null (a lone header line rarely says which kernel printed it).
   */
  public Result decode(String physicalLine, KernelRelease kernelOverride) {
    last = null;
    normalizer.normalize(physicalLine, 1, sink);
    LogLine l = last;
    if (l == null) {
      return UNRELATED;
    }
    return decodeLine(l, LineClassifier.classify(l.text()), kernelOverride);
  }

  private static boolean isMemory(LineKind k) {
    if (k.isContextual()) {
      return false; // "anon 1234" alone is too generic to call memory-related without its block
    }
    switch (k) {
      case OTHER: case BLANK: case CALL_TRACE: case ELISION: case HARDWARE_NAME:
      case PER_CPU: case PER_CPU_HEADER: case OOM_KILL_FRAGMENT:
        return false;
      default:
        return true;
    }
  }

  private Result decodeLine(LogLine l, LineKind k, KernelRelease kernelOverride) {
    KernelReport r = parser.parse(new RawReport(l.host(), Collections.singletonList(l), false, null, null));
    boolean header = k == LineKind.OOM_HEADER || k == LineKind.ALLOC_FAILURE || k == LineKind.ALLOC_STALL;
    // Headers carry the gfp mask: decode it (flags, symbolic, zone) as the report path does.
    Map<String, Object> all = header ? GfpDiagAnalysis.attach(r, kernelOverride).toMap() : r.toMap();
    Map<String, Object> f = new LinkedHashMap<>();
    String name;
    String action = "kernel-memory-report";
    String category = "host";
    String type = "info";
    List<Problem> problems = new ArrayList<>(r.errors());
    switch (k) {
      case OOM_HEADER:
        name = "oom_header";
        action = "oom-killer-invoked";
        f.put("request", all.get("request"));
        break;
      case ALLOC_FAILURE:
      case ALLOC_STALL:
        name = k == LineKind.ALLOC_STALL ? "alloc_stall_header" : "alloc_failure_header";
        action = k == LineKind.ALLOC_STALL ? "page-allocation-stall" : "page-allocation-failure";
        type = "error";
        f.put("request", all.get("request"));
        break;
      case SLUB_FAILURE:
      case SLUB_DETAIL:
        name = "slab_failure";
        action = "slab-allocation-failure";
        type = "error";
        f.put("slab_failure", all.get("slab_failure"));
        break;
      case KMEM_CACHE_CREATE_FAILED:
        name = "cache_create_failure";
        action = "kmem-cache-create-failure";
        type = "error";
        f.put("cache_create_failure", all.get("cache_create_failure"));
        break;
      case TASK_INFO:
        name = "task_info";
        f.put("request", all.get("request"));
        f.put("kernel", all.get("kernel"));
        break;
      case ZONE:
      case BUDDY:
        name = k == LineKind.ZONE ? "zone" : "buddy";
        if (!r.zones().isEmpty()) {
          Map<String, Object> z = r.zones().get(0).toLineMap();
          if (k == LineKind.BUDDY) {
            z.put("page_size", r.pageSize());
            z.put("fragmentation_index", fragmentation(r.zones().get(0).state()));
          }
          f.put("zone", z);
        }
        break;
      case LOWMEM_RESERVE:
        name = "lowmem_reserve";
        f.put("lowmem_reserve_pages", reserve(l.text()));
        problems.clear(); // "without its zone line" is expected for a single line
        break;
      case KILLED:
      case KILL_CHOICE:
        name = k == LineKind.KILLED ? "kill" : "kill_choice";
        action = "oom-kill";
        category = "process";
        type = k == LineKind.KILLED ? "end" : "info";
        f.put("victim", all.get("victim"));
        break;
      case OOM_REAPER:
        name = "oom_reaper";
        category = "process";
        action = "oom-reap";
        f.put("oom_reaper", all.get("oom_reaper"));
        break;
      case OOM_KILL_SUMMARY:
        name = "oom_kill_summary";
        action = "oom-kill";
        f.put("oom_kill", all.get("oom_kill"));
        break;
      case MEMCG_COUNTER:
        name = "memcg_usage";
        f.put("memcg", all.get("memcg"));
        break;
      case MEMCG_STATS:
      case MEMCG_TASK_IN:
        name = k == LineKind.MEMCG_STATS ? "memcg_stats" : "memcg_task";
        f.put("memcg", all.get("memcg"));
        break;
      case COUNTERS:
        name = "meminfo_counters";
        f.put("meminfo", all.get("meminfo"));
        break;
      case NODE_STATS:
        name = "node";
        f.put("nodes", all.get("nodes"));
        break;
      case HUGEPAGES:
        name = "hugepages";
        f.put("hugepages", all.get("hugepages"));
        break;
      case SWAP:
        name = "swap";
        f.put("swap", all.get("swap"));
        f.put("totals", all.get("totals"));
        break;
      case RAM:
      case PAGECACHE:
        name = k == LineKind.RAM ? "ram" : "pagecache";
        f.put("totals", all.get("totals"));
        break;
      case TASK_ROW:
        name = "task_row";
        problems.clear(); // a row alone has no header to name its columns
        break;
      default:
        name = k.name().toLowerCase(java.util.Locale.ROOT);
        break;
    }
    Map<String, Object> ecs = new LinkedHashMap<>();
    ecs.put("event.kind", "event");
    ecs.put("event.category", Collections.singletonList(category));
    ecs.put("event.type", Collections.singletonList(type));
    ecs.put("event.action", action);
    return new Result(k, name, l, f, problems, ecs);
  }

  private static List<Object> fragmentation(ZoneState z) {
    long[] b = z.freeBlocks();
    if (b == null) {
      return null;
    }
    int[] idx = FragmentationIndex.extfragIndices(b);
    List<Object> out = new ArrayList<>(idx.length);
    for (int v : idx) {
      out.add(v == FragmentationIndex.SUITABLE_BLOCK_EXISTS ? null : v / 1000.0);
    }
    return out;
  }

  private static List<Long> reserve(String t) {
    List<Long> v = new ArrayList<>();
    int i = t.indexOf(':') + 1;
    while (i > 0 && i < t.length()) {
      i = ReportParser.skipSpaces(t, i);
      long n = Scan.number(t, i);
      if (n == Scan.NONE) {
        break;
      }
      v.add(n);
      i = Scan.numberEnd(t, i);
    }
    return v;
  }
}
