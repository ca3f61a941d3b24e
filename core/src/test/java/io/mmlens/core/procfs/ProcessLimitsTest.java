package io.mmlens.core.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import io.mmlens.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The process's own limits, from a real capture under {@code ulimit -v} (SOURCE.md). */
class ProcessLimitsTest {

  private static final String ROOT = "src/test/resources/process/rlimit-as-6.18";

  @Test
  void decodesACaptureUnderAnAddressSpaceLimit() throws Exception {
    Parsed<ProcessLimits> p = ProcessLimits.read(new ProcFs(Paths.get(ROOT)));
    assertTrue(p.problems().isEmpty(), p.problems().toString());
    ProcessLimits l = p.value();
    assertEquals(3060, l.vmSizeKb());
    assertEquals(1, l.threads());
    assertEquals(3_072_000_000L, l.addressSpaceLimitBytes());
    assertEquals(96365, l.maxProcesses());
    assertEquals(38, l.mapCount());
    assertEquals(65530, l.maxMapCount());
    assertEquals(0, l.overcommitMemory());
    // the golden next to the capture
    assertEquals(Files.readString(Paths.get(ROOT, "expected.json")).trim(), Json.write(l.toMap()));
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
