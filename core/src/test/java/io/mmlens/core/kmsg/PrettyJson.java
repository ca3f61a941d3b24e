package io.mmlens.core.kmsg;

import io.mmlens.core.json.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Indented JSON for golden files: objects one key per line, lists of scalars on one line. */
final class PrettyJson {

  private PrettyJson() {}

  static String write(Object v) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, 0);
    return sb.append('\n').toString();
  }

  private static void write(StringBuilder sb, Object v, int ind) {
    if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        pad(sb, ind + 2);
        Json.string(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        write(sb, e.getValue(), ind + 2);
        sb.append(it.hasNext() ? ",\n" : "\n");
      }
      pad(sb, ind);
      sb.append('}');
    } else if (v instanceof List && !scalars((List<?>) v)) {
      List<?> l = (List<?>) v;
      sb.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        pad(sb, ind + 2);
        write(sb, l.get(i), ind + 2);
        sb.append(i + 1 < l.size() ? ",\n" : "\n");
      }
      pad(sb, ind);
      sb.append(']');
    } else {
      sb.append(Json.write(v));
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

  private static void pad(StringBuilder sb, int n) {
    for (int i = 0; i < n; i++) {
      sb.append(' ');
    }
  }
}
