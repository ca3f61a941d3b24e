package io.mmlens.core.procfs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An ordered, immutable name → value list (vmstat, meminfo, zone and node items). Every key the
 * file had is kept in file order; a key the file lacks is {@link OptionalLong#empty()}, not 0.
 */
public final class Counters {

  static final Counters EMPTY = new Counters(new String[0], new long[0], 0);

  private final String[] names;
  private final long[] values;
  private final int size;

  private Counters(String[] names, long[] values, int size) {
    this.names = names;
    this.values = values;
    this.size = size;
  }

  public int size() {
    return size;
  }

  public String nameAt(int i) {
    return names[i];
  }

  public long valueAt(int i) {
    return values[i];
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  public OptionalLong get(String name) {
    int i = indexOf(name);
    return i < 0 ? OptionalLong.empty() : OptionalLong.of(values[i]);
  }

  /** The value or {@code dflt} when absent. */
  public long getOr(String name, long dflt) {
    int i = indexOf(name);
    return i < 0 ? dflt : values[i];
  }

  private int indexOf(String name) {
    // Names are shared instances (Names.of), so identity usually hits first.
    for (int i = 0; i < size; i++) {
      if (names[i] == name) {
        return i;
      }
    }
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>(size * 2);
    for (int i = 0; i < size; i++) {
      m.put(names[i], values[i]);
    }
    return m;
  }

  @Override
  public String toString() {
    return toMap().toString();
  }

  /** Accumulates entries in order; a repeated key keeps the last value. */
  static final class Builder {
    private String[] names;
    private long[] values;
    private int size;

    Builder(int capacity) {
      names = new String[Math.max(capacity, 4)];
      values = new long[names.length];
    }

    void put(String name, long value) {
      // Only an immediate repeat is merged; files never repeat keys far apart.
      if (size > 0 && names[size - 1] == name) {
        values[size - 1] = value;
        return;
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      names[size] = name;
      values[size++] = value;
    }

    boolean isEmpty() {
      return size == 0;
    }

    Counters build() {
      if (size == 0) {
        return EMPTY;
      }
      return new Counters(Arrays.copyOf(names, size), Arrays.copyOf(values, size), size);
    }
  }
}
