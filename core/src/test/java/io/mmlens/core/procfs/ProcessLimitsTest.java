package io.mmlens.core.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The process's own limits, from a real capture under {@code ulimit -v} (SOURCE.md). */
class ProcessLimitsTest {

  @Test
  void decodesACaptureUnderAnAddressSpaceLimit() {
    Parsed<ProcessLimits> p = ProcessLimits.read(
        new ProcFs(Paths.get("src/test/resources/proc/process-rlimit-as")));
    assertTrue(p.problems().isEmpty(), p.problems().toString());
    ProcessLimits l = p.value();
    assertEquals(3060, l.vmSizeKb());
    assertEquals(1, l.threads());
    assertEquals(3_072_000_000L, l.addressSpaceLimitBytes());
    assertEquals(96365, l.maxProcesses());
    assertEquals(38, l.mapCount());
    assertEquals(65530, l.maxMapCount());
    assertEquals(0, l.overcommitMemory());
    assertEquals("{vm_size_kb=3060, threads=1, address_space_limit_bytes=3072000000,"
        + " max_processes=96365, map_count=38, max_map_count=65530, overcommit_memory=0}",
        l.toMap().toString());
  }

  /** The kernel paths are the live ones: this JVM's own files decode without a problem. */
  @Test
  void readsThisProcess() {
    Parsed<ProcessLimits> p = ProcessLimits.read(new ProcFs());
    assertTrue(p.problems().isEmpty(), p.problems().toString());
    assertTrue(p.value().vmSizeKb() > 0 && p.value().threads() > 1, p.value().toMap().toString());
    assertTrue(p.value().mapCount() > 10 && p.value().maxMapCount() > 0, p.value().toMap().toString());
  }

  @Test
  void unlimitedIsUnknownAndMissingFilesAreNamed() {
    ProcessLimits l = ProcessLimits.parse("", "Max address space         unlimited"
        + "            unlimited            bytes\n", "", "");
    assertEquals(-1, l.addressSpaceLimitBytes());
    assertEquals(-1, l.vmSizeKb());
    Parsed<ProcessLimits> p = ProcessLimits.read(
        new ProcFs(Paths.get("src/test/resources/proc/era-3.10-zoneinfo")));
    assertTrue(p.problems().stream().anyMatch(x -> x.kind() == Problem.Kind.MISSING
        && x.source().equals("proc/self/limits")), p.problems().toString());
  }
}
