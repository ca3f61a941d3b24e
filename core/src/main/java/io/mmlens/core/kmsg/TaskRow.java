package io.mmlens.core.kmsg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of the OOM task table; columns named by the era's header (values in pages, pgtables in bytes). */
public final class TaskRow {
  private final long pid;
  private final String name;
  private final Map<String, Long> columns;

  TaskRow(long pid, String name, Map<String, Long> columns) {
    this.pid = pid;
    this.name = name;
    this.columns = Collections.unmodifiableMap(columns);
  }

  public long pid() {
    return pid;
  }

  public String name() {
    return name;
  }

  /** Column value by header name ({@code rss}, {@code total_vm}, {@code rss_anon}, ...), or null. */
  public Long column(String header) {
    return columns.get(header);
  }

  public long rssPages() {
    Long r = columns.get("rss");
    return r == null ? 0 : r;
  }

  /** pid, name and every numeric column. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pid", pid);
    m.put("name", name);
    m.putAll(columns);
    return m;
  }
}
