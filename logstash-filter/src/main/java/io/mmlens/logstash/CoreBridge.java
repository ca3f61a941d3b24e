package io.mmlens.logstash;

import io.mmlens.core.KernelRelease;
import io.mmlens.core.Problem;
import io.mmlens.core.diagnosis.GfpDiagAnalysis;
import io.mmlens.core.kmsg.LineClassifier;
import io.mmlens.core.kmsg.LineDecoder;
import io.mmlens.core.kmsg.LineKind;
import io.mmlens.core.kmsg.LineNormalizer;
import io.mmlens.core.kmsg.LogLine;
import io.mmlens.core.kmsg.RawReport;
import io.mmlens.core.kmsg.ReportParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only place the filter calls into core: one line through core's {@link LineDecoder} (the
 * Elasticsearch processor's per-line shape), one assembled report through {@link ReportParser}
 * and the gfp/diagnosis analysis (the tree `mmlens analyze --format json` prints).
 */
final class CoreBridge {

  // Both keep per-instance scan state: one per pipeline worker.
  private static final ThreadLocal<LineDecoder> LINES =
      ThreadLocal.withInitial(() -> new LineDecoder("logstash"));
  private static final ThreadLocal<LineNormalizer> NORMALIZER =
      ThreadLocal.withInitial(LineNormalizer::new);

  private CoreBridge() {}

  /** A decoded line: its fields, or the problems that make it undecodable. */
  static final class Line {
    final Map<String, Object> fields;
    final List<Problem> problems;
    /** ECS {@code event.*} by dotted name, as the Elasticsearch processor sets them. */
    final Map<String, Object> ecs;

    Line(Map<String, Object> fields, List<Problem> problems, Map<String, Object> ecs) {
      this.fields = fields;
      this.problems = problems;
      this.ecs = ecs;
    }

    /** A memory-related line whose values core could not read (tagged, left unchanged). */
    boolean malformed() {
      for (Problem p : problems) {
        if (p.kind() == Problem.Kind.MALFORMED || p.kind() == Problem.Kind.TRUNCATED) {
          return true;
        }
      }
      return false;
    }
  }

  /** The decode of one line, or null when it is not a kernel memory line. */
  static Line decodeLine(String text, KernelRelease release) {
    LineDecoder.Result r = LINES.get().decode(text, release);
    if (!r.memoryRelated()) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("line_kind", r.kindName());
    m.putAll(r.fields());
    LogLine l = r.line();
    m.put("text", l.text());
    m.put("prefix_format", l.prefixFormat());
    if (l.host() != null) {
      m.put("host", l.host());
    }
    if (l.timestamp() != null) {
      m.put("timestamp", l.timestamp());
    }
    if (l.hasUptime()) {
      m.put("uptime_seconds", l.uptimeSeconds());
    }
    return new Line(m, r.problems(), r.ecs());
  }

  /** ECS of a whole-report event: the values the ES processor gives a whole-report document. */
  static Map<String, Object> reportEcs() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event.kind", "event");
    m.put("event.category", new ArrayList<>(List.of("host")));
    m.put("event.type", new ArrayList<>(List.of("info")));
    m.put("event.action", "kernel-memory-report");
    return m;
  }

  /** Whether a raw line holds a kernel memory report line (used to tag or drop originals). */
  static boolean isReportLine(String text) {
    List<LogLine> lines = new ArrayList<>(1);
    NORMALIZER.get().normalize(text, 1, lines::add);
    for (LogLine l : lines) {
      LineKind k = LineClassifier.classify(l.text());
      if (k != LineKind.OTHER && k != LineKind.BLANK) {
        return true;
      }
    }
    return false;
  }

  /**
   * The decoded report with gfp and diagnosis — the tree of `mmlens analyze --format json` — plus
   * the report's own lines ({@code lines}, {@code line_count}), which report mode may have dropped
   * from the stream.
   */
  static Map<String, Object> reportMap(ReportParser parser, RawReport r, KernelRelease release) {
    Map<String, Object> m = GfpDiagAnalysis.attach(parser.parse(r), release).toMap();
    List<LogLine> lines = r.lines();
    List<Object> texts = new ArrayList<>(lines.size());
    for (LogLine l : lines) {
      texts.add(l.text());
    }
    m.put("line_count", (long) lines.size());
    m.put("lines", texts);
    return m;
  }
}
