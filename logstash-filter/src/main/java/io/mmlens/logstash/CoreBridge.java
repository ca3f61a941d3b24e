package io.mmlens.logstash;

import io.mmlens.core.KernelRelease;
import io.mmlens.core.Problem;
import io.mmlens.core.kmsg.LineClassifier;
import io.mmlens.core.kmsg.LineKind;
import io.mmlens.core.kmsg.LineNormalizer;
import io.mmlens.core.kmsg.LogLine;
import io.mmlens.core.kmsg.RawReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The only place the filter calls into core: turns one line or one assembled report into the
 * field tree written under {@code target}. Kept apart so the filter's event handling does not
 * change when core's decoders grow.
 */
final class CoreBridge {

  // LineNormalizer keeps per-instance scan memos and /dev/kmsg continuation state: one per worker.
  private static final ThreadLocal<LineNormalizer> NORMALIZER =
      ThreadLocal.withInitial(LineNormalizer::new);

  private CoreBridge() {}

  /** Decoded fields of one line, or null when no line in it is a kernel memory report line. */
  static Map<String, Object> decodeLine(String text, KernelRelease release) {
    List<LogLine> lines = new ArrayList<>(1);
    NORMALIZER.get().normalize(text, 1, lines::add);
    Map<String, Object> out = null;
    List<Object> pieces = null;
    for (LogLine l : lines) {
      LineKind kind = LineClassifier.classify(l.text());
      if (!relevant(kind)) {
        continue;
      }
      Map<String, Object> m = lineMap(l, kind);
      if (out == null) {
        out = m;
        if (release != null) {
          out.put("kernel_release", release.text());
        }
      } else {
        if (pieces == null) {
          pieces = new ArrayList<>();
          out.put("pieces", pieces);
        }
        pieces.add(m);
      }
    }
    return out;
  }

  /** Whether a raw line holds a kernel memory report line (used to tag or drop originals). */
  static boolean isReportLine(String text) {
    List<LogLine> lines = new ArrayList<>(1);
    NORMALIZER.get().normalize(text, 1, lines::add);
    for (LogLine l : lines) {
      if (relevant(LineClassifier.classify(l.text()))) {
        return true;
      }
    }
    return false;
  }

  private static String kindName(LineKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static boolean relevant(LineKind kind) {
    return kind != LineKind.OTHER && kind != LineKind.BLANK;
  }

  private static Map<String, Object> lineMap(LogLine l, LineKind kind) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kindName(kind));
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
    return m;
  }

  /** The field tree of one assembled report. */
  static Map<String, Object> reportMap(RawReport r, KernelRelease release) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (r.host() != null) {
      m.put("host", r.host());
    }
    if (release != null) {
      m.put("kernel_release", release.text());
    }
    m.put("incomplete", r.incomplete());
    if (r.incompleteReason() != null) {
      m.put("incomplete_reason", r.incompleteReason());
    }
    List<LogLine> lines = r.lines();
    m.put("line_count", (long) lines.size());
    if (!lines.isEmpty()) {
      LogLine first = lines.get(0);
      m.put("kind", kindName(LineClassifier.classify(first.text())));
      if (first.timestamp() != null) {
        m.put("timestamp", first.timestamp());
      }
      if (first.hasUptime()) {
        m.put("uptime_seconds", first.uptimeSeconds());
      }
    }
    List<Object> texts = new ArrayList<>(lines.size());
    for (LogLine l : lines) {
      texts.add(l.text());
    }
    m.put("lines", texts);
    if (!r.problems().isEmpty()) {
      List<Object> ps = new ArrayList<>();
      for (Problem p : r.problems()) {
        ps.add(p.toString());
      }
      m.put("problems", ps);
    }
    return m;
  }
}
