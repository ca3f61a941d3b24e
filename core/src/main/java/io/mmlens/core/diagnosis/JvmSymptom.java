package io.mmlens.core.diagnosis;

import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.zone.ZoneState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JVM failure that memory limits explain — a process start failing with ENOMEM, a thread the
 * kernel refused, direct-buffer memory exhausted, a failed mmap — with the one-line explanation
 * a snapshot taken right after it supports.
 */
public enum JvmSymptom {
  /**
   * {@code IOException: Cannot run program …: error=12, Cannot allocate memory} (JDK 25 with
   * posix_spawn: {@code … error: 12 (Cannot allocate memory)}).
   */
  FORK_ENOMEM("fork_enomem", "Starting a process failed with ENOMEM"),
  /** {@code OutOfMemoryError: unable to create native thread}. */
  NATIVE_THREAD("native_thread", "The kernel refused the JVM a new thread"),
  /** {@code OutOfMemoryError: Direct buffer memory} (17+: {@code Cannot reserve … direct buffer memory}). */
  DIRECT_BUFFER_MEMORY("direct_buffer_memory", "A direct buffer could not be allocated"),
  /** {@code IOException / OutOfMemoryError: Map failed}. */
  MAP_FAILED("map_failed", "FileChannel.map failed");

  private final String key;
  private final String what;

  JvmSymptom(String key, String what) {
    this.key = key;
    this.what = what;
  }

  /** What failed, as the diagnosis sentence starts. */
  public String what() {
    return what;
  }

  /** JSON / attribute value. */
  public String key() {
    return key;
  }

  /** The symptom an exception shows, or null when it is not one of these. */
  public static JvmSymptom of(Throwable t) {
    String m = t.getMessage();
    if (m == null) {
      return null;
    }
    if (t instanceof OutOfMemoryError) {
      if (m.contains("unable to create native thread")) {
        return NATIVE_THREAD;
      }
      // JDK 8-16: "Direct buffer memory"; 17+: "Cannot reserve N bytes of direct buffer memory (…)"
      if (m.contains("Direct buffer memory") || m.contains("direct buffer memory")) {
        return DIRECT_BUFFER_MEMORY;
      }
      return m.contains("Map failed") ? MAP_FAILED : null;
    }
    if (t instanceof java.io.IOException) {
      if (m.contains("error=12,") || m.contains("error: 12 (")) {
        return FORK_ENOMEM;
      }
      return m.startsWith("Map failed") ? MAP_FAILED : null;
    }
    return null;
  }

  /** Per populated zone: largest free order and headroom, for the record's attributes. */
  public static List<Map<String, Object>> zoneSummary(MemorySnapshot s) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < s.zones().size(); i++) {
      ZoneState z = s.zones().get(i);
      if (z.managed().isPresent() && z.managed().getAsLong() == 0) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", z.node());
      m.put("name", z.name());
      m.put("largest_free_order", s.analyses().get(i).largestFreeOrder());
      m.put("headroom_above_min_bytes", s.analyses().get(i).headroomAboveMinBytes());
      out.add(m);
    }
    return out;
  }
}
