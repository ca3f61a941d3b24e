package io.mmlens.core.kmsg;

import io.mmlens.core.zone.ZoneState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One zone as a Mem-Info dump printed it: zone line values (kB, all keys kept), lowmem_reserve
 * (pages) and buddy counts, plus the {@link ZoneState} (pages) built from them. A buddy line whose
 * zone line was lost (seed 002 HighMem) yields a zone with {@link #watermarksKnown()} false: its
 * ZoneState then carries free from the buddy total and min/low/high of 0, which callers must not
 * read as real watermarks.
 */
public final class LogZone {

  private final ZoneState state;
  private final boolean watermarksKnown;
  private final Map<String, Long> lineKb;
  private final Map<String, String> lineText;
  private final long buddyTotalKb;
  private final int line;

  LogZone(ZoneState state, boolean watermarksKnown, Map<String, Long> lineKb,
      Map<String, String> lineText, long buddyTotalKb, int line) {
    this.state = state;
    this.watermarksKnown = watermarksKnown;
    this.lineKb = Collections.unmodifiableMap(new LinkedHashMap<>(lineKb));
    this.lineText = Collections.unmodifiableMap(new LinkedHashMap<>(lineText));
    this.buddyTotalKb = buddyTotalKb;
    this.line = line;
  }

  /** The zone in pages, input of zone analysis. */
  public ZoneState state() {
    return state;
  }

  /** False when the zone line was missing and only its buddy line was seen. */
  public boolean watermarksKnown() {
    return watermarksKnown;
  }

  /** Every numeric key of the zone line as printed (kB, or a count for pages_scanned). */
  public Map<String, Long> lineValues() {
    return lineKb;
  }

  /** Non-numeric zone-line values (e.g. {@code all_unreclaimable?} → {@code no}). */
  public Map<String, String> lineText() {
    return lineText;
  }

  /** The buddy line's {@code = NkB} total, or -1 when absent. */
  public long buddyTotalKb() {
    return buddyTotalKb;
  }

  /** Line number of the zone (or buddy) line in the input. */
  public int line() {
    return line;
  }

  /** Largest order with a free block, -1 when no blocks are known or all are empty. */
  public int largestFreeOrder() {
    long[] b = state.freeBlocks();
    if (b == null) {
      return -1;
    }
    for (int o = b.length - 1; o >= 0; o--) {
      if (b[o] > 0) {
        return o;
      }
    }
    return -1;
  }

  /** Snake-case map for JSON: node, name, zone_index, free_kb, min_kb, ... */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    long kbPerPage = state.pageSize() / 1024;
    m.put("node", state.node());
    m.put("name", state.name());
    m.put("zone_index", state.zoneIndex());
    m.put("watermarks_known", watermarksKnown);
    m.put("free_kb", state.free() * kbPerPage);
    m.put("min_kb", watermarksKnown ? state.min() * kbPerPage : null);
    m.put("low_kb", watermarksKnown ? state.low() * kbPerPage : null);
    m.put("high_kb", watermarksKnown ? state.high() * kbPerPage : null);
    putOpt(m, "boost_kb", lineKb.get("boost"));
    putOpt(m, "reserved_highatomic_kb", lineKb.get("reserved_highatomic"));
    putOpt(m, "present_kb", lineKb.get("present"));
    putOpt(m, "managed_kb", lineKb.get("managed"));
    putOpt(m, "free_cma_kb", lineKb.get("free_cma"));
    List<Long> res = new ArrayList<>();
    for (long p : state.protection()) {
      res.add(p);
    }
    m.put("lowmem_reserve_pages", state.protectionLength() == 0 ? null : res);
    long[] b = state.freeBlocks();
    if (b != null) {
      List<Long> fb = new ArrayList<>(b.length);
      for (long v : b) {
        fb.add(v);
      }
      m.put("free_blocks", fb);
      String[] t = state.blockTypes();
      if (t != null) {
        List<String> tl = new ArrayList<>(t.length);
        Collections.addAll(tl, t);
        m.put("block_types", tl);
      }
      m.put("largest_free_order", largestFreeOrder());
      m.put("buddy_total_kb", buddyTotalKb);
    } else {
      m.put("free_blocks", null);
      m.put("largest_free_order", null);
    }
    Map<String, Object> all = new LinkedHashMap<>(lineKb);
    all.putAll(lineText);
    m.put("line_values", all);
    return m;
  }

  /** The line keys {@link #toMap()} decodes into their own {@code *_kb} fields. */
  private static final Set<String> DECODED_LINE_KEYS = new HashSet<>(Arrays.asList(
      "free", "min", "low", "high", "boost", "reserved_highatomic", "present", "managed", "free_cma"));

  /**
   * The one-line shape of {@link #toMap()}: only what the line carries (a zone line has no buddy
   * counts, a buddy line no watermarks: no null fields), and {@code line_values} without the keys
   * already decoded as fields. Every value stays in the document once; an Elasticsearch node
   * indexes each leaf, and the duplicates were a third of a zone line's fields.
   */
  public Map<String, Object> toLineMap() {
    Map<String, Object> m = toMap();
    m.values().removeIf(Objects::isNull);
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) m.get("line_values");
    values.keySet().removeAll(DECODED_LINE_KEYS);
    if (values.isEmpty()) {
      m.remove("line_values");
    }
    return m;
  }

  private static void putOpt(Map<String, Object> m, String k, Long v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
