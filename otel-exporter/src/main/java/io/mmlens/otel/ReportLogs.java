package io.mmlens.otel;

import io.mmlens.core.json.Json;
import io.mmlens.core.kmsg.KernelReport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One OpenTelemetry log record per decoded kernel report: the report tree as {@code linux.mm.*}
 * attributes, the diagnosis summary as body, WARN for allocation failures, ERROR for OOM kills.
 */
public final class ReportLogs {

  /** Attribute prefix: the report fields of docs/fields.md, dotted. */
  public static final String PREFIX = "linux.mm.";

  private final Logger logger;

  public ReportLogs(Logger logger) {
    this.logger = logger;
  }

  /** Emits the record of one report. */
  public void emit(KernelReport report) {
    Map<String, Object> tree = report.toMap();
    logger.logRecordBuilder()
        .setTimestamp(java.time.Instant.now()) // when the agent saw it; the kernel's own time is an attribute
        .setSeverity(severity(report.kind()))
        .setSeverityText(severity(report.kind()).name())
        .setBody(body(tree))
        .setAllAttributes(attributes(tree))
        .emit();
  }

  /** ERROR when the kernel killed a process, WARN when it refused an allocation. */
  static Severity severity(String kind) {
    if ("oom_kill".equals(kind) || "memcg_oom".equals(kind)) {
      return Severity.ERROR;
    }
    return "mem_info".equals(kind) ? Severity.INFO : Severity.WARN;
  }

  @SuppressWarnings("unchecked")
  static String body(Map<String, Object> tree) {
    Object d = tree.get("diagnosis");
    if (d instanceof Map && ((Map<String, Object>) d).get("summary") != null) {
      return String.valueOf(((Map<String, Object>) d).get("summary"));
    }
    Map<String, Object> req = (Map<String, Object>) tree.get("request");
    Object proc = req == null ? null : ((Map<String, Object>) req.get("process")).get("name");
    return "kernel " + tree.get("kind") + (proc == null ? "" : " (" + proc + ")");
  }

  /**
   * Maps flatten to dotted keys; lists of scalars become array attributes; lists of objects
   * ({@code zones}, {@code tasks.top_rss}, {@code diagnosis.factors}, ...) become one JSON string
   * each, since OpenTelemetry attributes cannot nest. Nulls are left out.
   */
  static Attributes attributes(Map<String, Object> tree) {
    AttributesBuilder b = Attributes.builder();
    flatten(PREFIX.substring(0, PREFIX.length() - 1), tree, b);
    return b.build();
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String key, Object v, AttributesBuilder b) {
    if (v == null) {
      return;
    }
    if (v instanceof Map) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
        flatten(key + "." + e.getKey(), e.getValue(), b);
      }
    } else if (v instanceof List) {
      list(key, (List<Object>) v, b);
    } else if (v instanceof Boolean) {
      b.put(AttributeKey.booleanKey(key), (Boolean) v);
    } else if (v instanceof Double || v instanceof Float) {
      b.put(AttributeKey.doubleKey(key), ((Number) v).doubleValue());
    } else if (v instanceof Number) {
      b.put(AttributeKey.longKey(key), ((Number) v).longValue());
    } else {
      b.put(AttributeKey.stringKey(key), v.toString());
    }
  }

  private static void list(String key, List<Object> l, AttributesBuilder b) {
    boolean strings = true;
    boolean longs = true;
    for (Object o : l) {
      strings &= o instanceof String;
      longs &= o instanceof Long || o instanceof Integer;
    }
    if (l.isEmpty()) {
      return;
    }
    if (strings) {
      List<String> s = new ArrayList<>(l.size());
      for (Object o : l) {
        s.add((String) o);
      }
      b.put(AttributeKey.stringArrayKey(key), s);
    } else if (longs) {
      List<Long> n = new ArrayList<>(l.size());
      for (Object o : l) {
        n.add(((Number) o).longValue());
      }
      b.put(AttributeKey.longArrayKey(key), n);
    } else {
      b.put(AttributeKey.stringKey(key), Json.write(l));
    }
  }
}
