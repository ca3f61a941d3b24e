package io.mmlens.logstash;

import co.elastic.logstash.api.Event;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Event} with Logstash's semantics, for driving the filter without logstash-core:
 * {@code [a][b]} nested references, {@code a.b} a literal top-level key, {@code [@metadata]}
 * kept apart, {@code @timestamp}, de-duplicated {@code tags}, and values converted as Logstash's
 * Valuefier/Javafier do (integers to Long, floats to Double, maps to HashMap, lists to ArrayList;
 * other types rejected), with copies handed out by getField.
 */
final class TestEvent implements Event {

  private final Map<String, Object> data = new HashMap<>();
  private final Map<String, Object> metadata = new HashMap<>();
  private Instant timestamp = Instant.now();
  private boolean cancelled;

  TestEvent() {}

  TestEvent(Map<String, Object> fields) {
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      setField(e.getKey(), e.getValue());
    }
  }

  static TestEvent of(String message) {
    TestEvent e = new TestEvent();
    e.setField("message", message);
    return e;
  }

  /** Splits a field reference: {@code [a][b]} → a, b; anything else is one literal key. */
  static List<String> path(String ref) {
    List<String> out = new ArrayList<>();
    if (ref.startsWith("[") && ref.endsWith("]")) {
      int i = 0;
      while (i < ref.length()) {
        if (ref.charAt(i) != '[') {
          throw new IllegalArgumentException("Invalid FieldReference: `" + ref + "`");
        }
        int j = ref.indexOf(']', i);
        if (j <= i + 1) {
          throw new IllegalArgumentException("Invalid FieldReference: `" + ref + "`");
        }
        out.add(ref.substring(i + 1, j));
        i = j + 1;
      }
    } else {
      out.add(ref);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Object convert(Object v) {
    if (v == null || v instanceof String || v instanceof Long || v instanceof Double
        || v instanceof Boolean || v instanceof BigInteger || v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float) {
      return ((Float) v).doubleValue();
    }
    if (v instanceof Map) {
      Map<String, Object> m = new HashMap<>();
      for (Map.Entry<Object, Object> e : ((Map<Object, Object>) v).entrySet()) {
        m.put(String.valueOf(e.getKey()), convert(e.getValue()));
      }
      return m;
    }
    if (v instanceof Collection) {
      List<Object> l = new ArrayList<>();
      for (Object o : (Collection<Object>) v) {
        l.add(convert(o));
      }
      return l;
    }
    throw new IllegalArgumentException("Missing Ruby class handling for full class name="
        + v.getClass().getName());
  }

  @SuppressWarnings("unchecked")
  private Object[] parentAndKey(String ref, boolean create) {
    List<String> p = path(ref);
    Map<String, Object> m = data;
    int from = 0;
    if (p.get(0).equals("@metadata")) {
      m = metadata;
      from = 1;
      if (p.size() == 1) {
        return new Object[] {null, null};
      }
    }
    for (int i = from; i < p.size() - 1; i++) {
      Object next = m.get(p.get(i));
      if (next == null) {
        if (!create) {
          return null;
        }
        next = new HashMap<String, Object>();
        m.put(p.get(i), next);
      } else if (!(next instanceof Map)) {
        if (!create) {
          return null;
        }
        throw new IllegalStateException("Could not set field '" + p.get(i + 1)
            + "' on object '" + next + "' to value: not a hash (" + ref + ")");
      }
      m = (Map<String, Object>) next;
    }
    return new Object[] {m, p.get(p.size() - 1)};
  }

  @Override
  public Object getField(String reference) {
    if (reference.equals("@timestamp")) {
      return timestamp;
    }
    if (reference.equals("[@metadata]") || reference.equals("@metadata")) {
      return convert(metadata);
    }
    Object[] pk = parentAndKey(reference, false);
    if (pk == null) {
      return null;
    }
    return convert(((Map<?, ?>) pk[0]).get(pk[1])); // a copy, as Javafier hands out
  }

  @Override
  public Object getUnconvertedField(String reference) {
    return getField(reference);
  }

  @SuppressWarnings("unchecked")
  @Override
  public void setField(String reference, Object value) {
    if (reference.equals("@timestamp")) {
      if (!(value instanceof Instant)) {
        throw new IllegalArgumentException("wrong argument type for @timestamp: " + value);
      }
      timestamp = (Instant) value;
      return;
    }
    Object converted = convert(value);
    Object[] pk = parentAndKey(reference, true);
    if (pk[0] == null) {
      metadata.clear();
      metadata.putAll((Map<String, Object>) converted);
      return;
    }
    ((Map<String, Object>) pk[0]).put((String) pk[1], converted);
  }

  @Override
  public boolean includes(String field) {
    Object[] pk = parentAndKey(field, false);
    return pk != null && pk[0] != null && ((Map<?, ?>) pk[0]).containsKey(pk[1]);
  }

  @Override
  public Object remove(String path) {
    Object[] pk = parentAndKey(path, false);
    return pk == null || pk[0] == null ? null : ((Map<?, ?>) pk[0]).remove(pk[1]);
  }

  @SuppressWarnings("unchecked")
  @Override
  public void tag(String tag) {
    Object tags = data.get("tags");
    List<Object> l;
    if (tags instanceof List) {
      l = (List<Object>) tags;
    } else {
      l = new ArrayList<>();
      if (tags != null) {
        l.add(tags);
      }
      data.put("tags", l);
    }
    if (!l.contains(tag)) {
      l.add(tag);
    }
  }

  @Override
  public Map<String, Object> getData() {
    return data;
  }

  @Override
  public Map<String, Object> getMetadata() {
    return metadata;
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  @Override
  public void uncancel() {
    cancelled = false;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public Instant getEventTimestamp() {
    return timestamp;
  }

  @Override
  public void setEventTimestamp(Instant t) {
    timestamp = t;
  }

  @SuppressWarnings("unchecked")
  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = (Map<String, Object>) convert(data);
    m.put("@timestamp", timestamp.toString());
    return m;
  }

  @Override
  public Event overwrite(Event e) {
    data.clear();
    data.putAll(e.getData());
    timestamp = e.getEventTimestamp();
    return this;
  }

  @Override
  public Event append(Event e) {
    data.putAll(e.getData());
    return this;
  }

  @Override
  public String sprintf(String s) {
    throw new UnsupportedOperationException("sprintf is not used by kernel_mm");
  }

  @SuppressWarnings("unchecked")
  @Override
  public Event clone() {
    TestEvent c = new TestEvent();
    c.data.putAll((Map<String, Object>) convert(data));
    c.metadata.putAll((Map<String, Object>) convert(metadata));
    c.timestamp = timestamp;
    return c;
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
