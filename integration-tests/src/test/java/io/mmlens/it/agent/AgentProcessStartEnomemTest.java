package io.mmlens.it.agent;

import static io.mmlens.it.agent.AgentOtlpHttpTest.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real {@code error=12}: the child JVM runs under a 3 GiB RLIMIT_AS (ulimit -v), fills its
 * address space with file mappings and then starts a process, which the kernel refuses with
 * ENOMEM. The agent reports it (and the "Map failed" met while filling) with the address-space
 * verdict; the application catches exactly the JDK's exception. The record is exported once the
 * app gives its address space back (the export itself needs some), by the retrying processor.
 */
class AgentProcessStartEnomemTest {

  @Test
  void processStartEnomemUnderRlimitAs() throws Exception {
    // Whether posix_spawn finds its few stack pages depends on what the JVM frees between the
    // fill and the start; a run whose every start succeeded did not set up the failure and is
    // repeated (at most three runs), every assertion below holds for the run that did.
    for (int run = 1; ; run++) {
      try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
        String out = runChild(receiver);
        if (!out.contains("CAUGHT ") && run < 3) {
          continue;
        }
        check(receiver, out);
        return;
      }
    }
  }

  private static String runChild(OtlpHttpReceiver receiver) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String cmd = "ulimit -v 3000000 && MALLOC_ARENA_MAX=2 exec '" + java + "'"
        // interpreter only: with a full address space the JIT's arenas cannot grow and the
        // JVM itself would abort ("malloc failed ... Chunk::new"), which is not what we test
        + " -Xint -Xmx32m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=32m"
        + " -XX:CompressedClassSpaceSize=32m -Xss512k"
        + " -javaagent:" + AgentOtlpHttpTest.AGENT
        + " -Dotel.exporter.otlp.endpoint=" + receiver.endpoint()
        + " -Dotel.metric.export.interval=500"
        + " -cp " + System.getProperty("java.class.path").split(File.pathSeparator)[0]
        + " " + AddressSpaceApp.class.getName() + " 3000 10000";
    Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
    assertNotNull(receiver.metrics.poll(30, TimeUnit.SECONDS), "agent did not start");
    try (OutputStream in = p.getOutputStream()) {
      in.write("go\n".getBytes(StandardCharsets.US_ASCII));
    }
    String out;
    try (InputStream o = p.getInputStream()) {
      out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static void check(OtlpHttpReceiver receiver, String out) throws Exception {
    // JDK 17: "error=12, Cannot allocate memory"; 25: "posix_spawn failed, error: 12 (...)"
    assertTrue(out.contains("CAUGHT java.io.IOException: Cannot run program \"true\": "), out);
    assertTrue(out.contains("error=12, Cannot allocate memory")
        || out.contains("error: 12 (Cannot allocate memory)"), out);
    assertTrue(out.contains("TOP java.lang.ProcessBuilder.start"), out);
    assertFalse(out.contains("Exception in thread"), "no agent thread died: " + out);
    assertTrue(out.contains("app done"), out);
    assertFalse(out.contains("mmlens: JVM symptom record failed"), out);

    LogRecord spawn = null;
    LogRecord map = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((spawn == null || map == null) && System.nanoTime() < deadline) {
      ExportLogsServiceRequest req = receiver.logs.poll(500, TimeUnit.MILLISECONDS);
      if (req == null) {
        continue;
      }
      for (ResourceLogs rl : req.getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          for (LogRecord r : sl.getLogRecordsList()) {
            String kind = attrs(r).get("linux.mm.symptom");
            if ("fork_enomem".equals(kind)) {
              spawn = r;
            } else if ("map_failed".equals(kind)) {
              map = r;
            }
          }
        }
      }
    }
    assertNotNull(spawn, "no fork_enomem record; app output: " + out);
    Map<String, String> a = attrs(spawn);
    assertEquals("address_space_limit", a.get("linux.mm.symptom.verdict"), spawn.toString());
    assertEquals(String.valueOf(3000000L * 1024), a.get("linux.mm.process.address_space_limit_bytes"));
    assertEquals("java.io.IOException", a.get("exception.type"));
    String msg = a.get("exception.message");
    assertTrue(msg.contains("error=12,") || msg.contains("error: 12 ("), msg);
    assertTrue(spawn.getBody().getStringValue().startsWith("Starting a process failed with"
        + " ENOMEM: the address-space limit (ulimit -v) is 2.9 GiB"), spawn.getBody().toString());
    assertNotNull(map, "no map_failed record");
    assertEquals("address_space_limit", attrs(map).get("linux.mm.symptom.verdict"));
  }
}
