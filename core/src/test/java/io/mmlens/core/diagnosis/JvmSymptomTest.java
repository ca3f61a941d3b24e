package io.mmlens.core.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.procfs.ProcessLimits;
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
  void jdk25ProcessStartMessage() {
    // JDK 25 reports the spawn helper's errno as "error: 12 (...)" instead of "error=12,"
    assertEquals(JvmSymptom.FORK_ENOMEM, JvmSymptom.of(new IOException(
        "Cannot run program \"true\": error: 12 (Cannot allocate memory)")));
    assertNull(JvmSymptom.of(new IOException("Cannot run program \"x\": error: 2 (No such file)")));
  }

  @Test
  void addressSpaceLimitWhenTheProcessMapsNearlyAllOfIt() {
    MemorySnapshot s = snapshot();
    ProcessLimits near = ProcessLimits.parse("VmSize:\t 2990000 kB\nThreads:\t25\n",
        read("proc/self/limits"), "65530\n", "0\n");
    SymptomDiagnosis d = SymptomDiagnosis.of(JvmSymptom.FORK_ENOMEM, "error=12", s, near);
    assertEquals("address_space_limit", d.verdict());
    assertEquals("Starting a process failed with ENOMEM: the address-space limit (ulimit -v) is"
        + " 2.9 GiB and the process already maps 2.9 GiB.", d.summary());
  }

  @Test
  void notKernelMemoryWhenNoLimitIsClose() {
    // the real capture: cat under the same limit, 3 MiB mapped; era-3.10 has a zone above min
    ProcessLimits far = ProcessLimits.read(new ProcFs(Paths.get(PROCESS))).value();
    SymptomDiagnosis d = SymptomDiagnosis.of(JvmSymptom.FORK_ENOMEM, "error=12", snapshot(), far);
    assertEquals("not_kernel_memory", d.verdict());
    assertTrue(d.summary().startsWith("Starting a process failed with ENOMEM: the kernel is not"
        + " short of memory ("), d.summary());
    assertTrue(d.summary().endsWith("look at the process's own limits (ulimit -v,"
        + " vm.overcommit_memory, vm.max_map_count)."), d.summary());
  }

  @Test
  void directMemoryCapFromTheJdk17Message() {
    SymptomDiagnosis d = SymptomDiagnosis.of(JvmSymptom.DIRECT_BUFFER_MEMORY,
        "Cannot reserve 4194304 bytes of direct buffer memory (allocated: 0, limit: 1048576)",
        snapshot(), null);
    assertEquals("direct_memory_limit", d.verdict());
    assertTrue(d.summary().startsWith("A direct buffer could not be allocated: the JVM's own"
        + " direct-memory cap (-XX:MaxDirectMemorySize, limit 1.0 MiB) is used up"), d.summary());
  }

  @Test
  void zoneSummaryPerPopulatedZone() {
    List<Map<String, Object>> zones = JvmSymptom.zoneSummary(snapshot());
    assertEquals(3, zones.size());
    assertEquals(4, zones.get(1).get("largest_free_order"));
  }

  private static final String PROCESS = "src/test/resources/process/rlimit-as-6.18";

  private static MemorySnapshot snapshot() {
    return new SnapshotReader(new ProcFs(Paths.get("src/test/resources/proc/era-3.10-zoneinfo"))).read();
  }

  private static String read(String path) {
    return new ProcFs(Paths.get(PROCESS)).read(path).value();
  }
}
