package io.mmlens.core.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.snapshot.SnapshotReader;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JVM failures memory limits explain, recognized from the JDK's own messages. */
class JvmSymptomTest {

  @Test
  void recognizesTheJdksMessages() {
    assertEquals(JvmSymptom.FORK_ENOMEM, JvmSymptom.of(new IOException(
        "Cannot run program \"ls\": error=12, Cannot allocate memory")));
    assertEquals(JvmSymptom.NATIVE_THREAD, JvmSymptom.of(new OutOfMemoryError(
        "unable to create native thread: possibly out of memory or process/resource limits reached")));
    // JDK 17+ wording (java.nio.Bits.reserveMemory) and the older one
    assertEquals(JvmSymptom.DIRECT_BUFFER_MEMORY, JvmSymptom.of(new OutOfMemoryError(
        "Cannot reserve 4194304 bytes of direct buffer memory (allocated: 0, limit: 1048576)")));
    assertEquals(JvmSymptom.DIRECT_BUFFER_MEMORY, JvmSymptom.of(new OutOfMemoryError("Direct buffer memory")));
    assertEquals(JvmSymptom.MAP_FAILED, JvmSymptom.of(new IOException("Map failed")));
    assertNull(JvmSymptom.of(new IOException("error=2, No such file or directory")));
    assertNull(JvmSymptom.of(new OutOfMemoryError("Java heap space")));
  }

  @Test
  void explainsWithTheSnapshotsCgroupAndTightestZone() {
    MemorySnapshot s = new SnapshotReader(new ProcFs(Paths.get(
        "src/test/resources/proc/era-3.10-zoneinfo"))).read();
    String line = JvmSymptom.FORK_ENOMEM.explain(s);
    assertTrue(line.startsWith("fork/exec failed with ENOMEM"), line);
    // era-3.10: Normal has 10104 free pages against min 13573: 13.6 MiB below min
    assertTrue(line.contains("Tightest zone: Node 0 Normal, -13.6 MiB above min, largest free block order 3."), line);
    List<Map<String, Object>> zones = JvmSymptom.zoneSummary(s);
    assertEquals(3, zones.size());
    assertEquals(4, zones.get(1).get("largest_free_order"));
  }
}
