package io.mmlens.agent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus text exposition format (0.0.4) of OpenTelemetry metric data, with the series
 * names and labels the OpenTelemetry Java Prometheus exporter gives them, so dashboards and rules
 * work unchanged. Written straight from the points: that exporter's conversion into the
 * Prometheus client model cost 2× a node_exporter scrape (docs/benchmarks.md).
 */
final class PrometheusText {

  private PrometheusText() {}

  /** Series name of {@code d}: sanitized name, unit suffix (By → bytes, s → seconds, ...), {@code _total} for counters. */
  static String metricName(MetricData d) {
    String name = sanitize(d.getName(), false);
    String unit = unitSuffix(d.getUnit());
    if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
      name = name + "_" + unit;
    }
    if (isCounter(d) && !name.endsWith("_total")) {
      name = name + "_total";
    }
    return name;
  }

  /** Whether {@code d} is served: gauges and sums, every kind of instrument the agent registers. */
  static boolean supported(MetricData d) {
    MetricDataType t = d.getType();
    return t == MetricDataType.LONG_GAUGE || t == MetricDataType.DOUBLE_GAUGE
        || t == MetricDataType.LONG_SUM || t == MetricDataType.DOUBLE_SUM;
  }

  /** Appends every supported metric, one family per series name (sorted), then {@code target_info}. */
  static void write(Collection<MetricData> metrics, Out out) {
    Map<String, List<MetricData>> families = new TreeMap<>();
    Resource resource = null;
    for (MetricData d : metrics) {
      if (supported(d)) {
        families.computeIfAbsent(metricName(d), k -> new ArrayList<>(1)).add(d);
      }
      resource = d.getResource();
    }
    for (Map.Entry<String, List<MetricData>> f : families.entrySet()) {
      String name = f.getKey();
      MetricData first = f.getValue().get(0);
      if (!first.getDescription().isEmpty()) {
        out.ascii("# HELP ").ascii(name).ascii(" ").escaped(first.getDescription(), false).ascii("\n");
      }
      out.ascii("# TYPE ").ascii(name).ascii(isCounter(first) ? " counter\n" : " gauge\n");
      for (MetricData d : f.getValue()) {
        samples(name, d, out);
      }
    }
    if (resource != null && !resource.getAttributes().isEmpty()) {
      out.ascii("# TYPE target_info gauge\ntarget_info");
      labels(resource.getAttributes(), null, out);
      out.ascii(" 1\n");
    }
  }

  private static void samples(String name, MetricData d, Out out) {
    InstrumentationScopeInfo scope = d.getInstrumentationScopeInfo();
    // only gauges and sums get here: their points are long or double points
    for (PointData p : d.getData().getPoints()) {
      out.ascii(name);
      labels(p.getAttributes(), scope, out);
      out.ascii(" ");
      if (p instanceof LongPointData) {
        out.number(((LongPointData) p).getValue());
      } else {
        out.number(((DoublePointData) p).getValue());
      }
      out.ascii("\n");
    }
  }

  private static boolean isCounter(MetricData d) {
    return (d.getType() == MetricDataType.LONG_SUM && d.getLongSumData().isMonotonic())
        || (d.getType() == MetricDataType.DOUBLE_SUM && d.getDoubleSumData().isMonotonic());
  }

  /** {@code {a="1",b="x"}}: attributes and the scope's {@code otel_scope_*} labels, sorted by name. */
  private static void labels(Attributes attrs, InstrumentationScopeInfo scope, Out out) {
    int n = attrs.size() + (scope == null ? 0 : scope.getVersion() == null ? 1 : 2);
    if (n == 0) {
      return;
    }
    String[] names = out.names(n);
    Object[] values = out.values;
    int[] i = {0};
    attrs.forEach((AttributeKey<?> k, Object v) -> {
      names[i[0]] = labelName(k.getKey());
      values[i[0]++] = v;
    });
    if (scope != null) {
      names[i[0]] = "otel_scope_name";
      values[i[0]++] = scope.getName();
      if (scope.getVersion() != null) {
        names[i[0]] = "otel_scope_version";
        values[i[0]++] = scope.getVersion();
      }
    }
    // insertion sort: a handful of labels, sorted in place in the reused arrays
    for (int a = 1; a < n; a++) {
      String kn = names[a];
      Object kv = values[a];
      int b = a - 1;
      while (b >= 0 && names[b].compareTo(kn) > 0) {
        names[b + 1] = names[b];
        values[b + 1] = values[b];
        b--;
      }
      names[b + 1] = kn;
      values[b + 1] = kv;
    }
    out.ascii("{");
    for (int a = 0; a < n; a++) {
      if (a > 0) {
        out.ascii(",");
      }
      out.ascii(names[a]).ascii("=\"");
      Object v = values[a];
      if (v instanceof Long) {
        out.number((Long) v);
      } else {
        out.escaped(String.valueOf(v), true);
      }
      out.ascii("\"");
      values[a] = null;
    }
    out.ascii("}");
  }

  // attribute keys are few and fixed (the instruments'); a bound keeps a misbehaving caller harmless
  private static final Map<String, String> LABEL_NAMES = new ConcurrentHashMap<>();

  private static String labelName(String key) {
    String n = LABEL_NAMES.get(key);
    if (n == null) {
      n = sanitize(key, true);
      if (LABEL_NAMES.size() < 1024) {
        LABEL_NAMES.put(key, n);
      }
    }
    return n;
  }

  /**
   * A growable UTF-8 byte buffer, kept per connection and reused for every scrape on it: the
   * text is written once, straight into the bytes that go on the wire.
   */
  static final class Out {
    private byte[] buf;
    private int len;
    private String[] names = new String[8];
    private Object[] values = new Object[8];

    Out(int capacity) {
      buf = new byte[capacity];
    }

    byte[] array() {
      return buf;
    }

    int length() {
      return len;
    }

    void reset() {
      len = 0;
    }

    String[] names(int n) {
      if (n > names.length) {
        names = new String[n];
        values = new Object[n];
      }
      return names;
    }

    private void room(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }

    /** Appends {@code s}, encoded as UTF-8 (the fast path: every char ASCII). */
    Out ascii(String s) {
      int n = s.length();
      room(n);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          return utf8(s, i);
        }
        buf[len++] = (byte) c;
      }
      return this;
    }

    private Out utf8(String s, int from) {
      byte[] b = s.substring(from).getBytes(StandardCharsets.UTF_8);
      room(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
      return this;
    }

    /** HELP text escapes {@code \} and newline; label values also {@code "}. */
    Out escaped(String s, boolean labelValue) {
      int start = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        String esc = c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '"' && labelValue ? "\\\"" : null;
        if (esc != null) {
          ascii(s.substring(start, i)).ascii(esc);
          start = i + 1;
        }
      }
      return start == 0 ? ascii(s) : ascii(s.substring(start));
    }

    Out number(long v) {
      if (v == Long.MIN_VALUE) {
        return ascii(Long.toString(v));
      }
      room(20);
      if (v < 0) {
        buf[len++] = '-';
        v = -v;
      }
      int start = len;
      do {
        buf[len++] = (byte) ('0' + v % 10);
        v /= 10;
      } while (v != 0);
      for (int a = start, b = len - 1; a < b; a++, b--) {
        byte t = buf[a];
        buf[a] = buf[b];
        buf[b] = t;
      }
      return this;
    }

    Out number(double v) {
      if (Double.isNaN(v)) {
        return ascii("NaN");
      } else if (Double.isInfinite(v)) {
        return ascii(v > 0 ? "+Inf" : "-Inf");
      } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        return number((long) v); // an integral value reads as an integer, as it was recorded
      }
      return ascii(Double.toString(v));
    }

    @Override
    public String toString() {
      return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
  }

  /** Metric names may hold {@code [a-zA-Z0-9_:]}, label names no colon; anything else becomes {@code _}. */
  static String sanitize(String s, boolean label) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
          || (c >= '0' && c <= '9' && i > 0) || (c == ':' && !label);
      if (!ok && b == null) {
        b = new StringBuilder(s.length() + 1).append(s, 0, i);
      }
      if (b != null) {
        if (i == 0 && c >= '0' && c <= '9') {
          b.append('_').append(c); // a leading digit is kept behind an underscore
        } else {
          b.append(ok ? c : '_');
        }
      }
    }
    return b == null ? s : b.toString();
  }

  /**
   * The OpenTelemetry-to-Prometheus unit suffix: annotations ({@code {page}}) and {@code 1} add
   * none (as the Java exporter does), UCUM units their word, {@code x/y} becomes {@code x_per_y}.
   */
  static String unitSuffix(String unit) {
    if (unit == null || unit.isEmpty()) {
      return "";
    }
    String u = stripAnnotations(unit);
    if (u.isEmpty() || u.equals("1")) {
      return "";
    }
    int slash = u.indexOf('/');
    if (slash >= 0) {
      String num = slash == 0 ? "" : unitWord(u.substring(0, slash));
      String den = perWord(u.substring(slash + 1));
      return num.isEmpty() ? "per_" + den : num + "_per_" + den;
    }
    return unitWord(u);
  }

  private static String stripAnnotations(String unit) {
    StringBuilder b = new StringBuilder(unit.length());
    int depth = 0;
    for (int i = 0; i < unit.length(); i++) {
      char c = unit.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        b.append(c);
      }
    }
    return b.toString().trim();
  }

  private static String unitWord(String u) {
    switch (u) {
      case "d": return "days";
      case "h": return "hours";
      case "min": return "minutes";
      case "s": return "seconds";
      case "ms": return "milliseconds";
      case "us": return "microseconds";
      case "ns": return "nanoseconds";
      case "By": return "bytes";
      case "KiBy": return "kibibytes";
      case "MiBy": return "mebibytes";
      case "GiBy": return "gibibytes";
      case "TiBy": return "tibibytes";
      case "KBy": return "kilobytes";
      case "MBy": return "megabytes";
      case "GBy": return "gigabytes";
      case "TBy": return "terabytes";
      case "m": return "meters";
      case "V": return "volts";
      case "A": return "amperes";
      case "J": return "joules";
      case "W": return "watts";
      case "g": return "grams";
      case "Cel": return "celsius";
      case "Hz": return "hertz";
      case "%": return "percent";
      default: return sanitize(u, true);
    }
  }

  private static String perWord(String u) {
    switch (u) {
      case "s": return "second";
      case "m": return "minute";
      case "h": return "hour";
      case "d": return "day";
      case "w": return "week";
      case "mo": return "month";
      case "y": return "year";
      default: return sanitize(u, true);
    }
  }
}
