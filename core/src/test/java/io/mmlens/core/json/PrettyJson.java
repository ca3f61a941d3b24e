package io.mmlens.core.json;

import java.util.List;
import java.util.Map;

/** Indented JSON for golden files: objects one member per line, scalar lists on one line. */
public final class PrettyJson {

  private PrettyJson() {}

  public static String write(Object v) {
    StringBuilder sb = new StringBuilder(4096);
    write(sb, v, 0);
    return sb.append('\n').toString();
  }

  private static void write(StringBuilder sb, Object v, int depth) {
    if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        indent(sb, depth + 1);
        Json.string(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        write(sb, e.getValue(), depth + 1);
        sb.append(++i < m.size() ? ",\n" : "\n");
      }
      indent(sb, depth);
      sb.append('}');
    } else if (v instanceof List && !scalars((List<?>) v)) {
      List<?> l = (List<?>) v;
      sb.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        indent(sb, depth + 1);
        write(sb, l.get(i), depth + 1);
        sb.append(i + 1 < l.size() ? ",\n" : "\n");
      }
      indent(sb, depth);
      sb.append(']');
    } else {
      Json.write(sb, v);
    }
  }

  private static boolean scalars(List<?> l) {
    for (Object o : l) {
      if (o instanceof Map || o instanceof List) {
        return false;
      }
    }
    return true;
  }

  private static void indent(StringBuilder sb, int depth) {
    for (int i = 0; i < depth; i++) {
      sb.append("  ");
    }
  }
}
