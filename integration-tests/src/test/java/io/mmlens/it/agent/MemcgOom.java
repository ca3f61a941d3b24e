package io.mmlens.it.agent;

import static io.mmlens.it.agent.AgentOtlpHttpTest.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real memcg OOM kill in a test's child cgroup (32 MiB limit, see TestCgroups), and the log
 * record an agent exported for it: shared by the standalone agent's and the extension's tests.
 */
final class MemcgOom {

  /** The record whose victim is the hog, and the scope it came in. */
  final LogRecord record;
  final String scope;
  final Map<String, String> attributes;

  private MemcgOom(LogRecord record, String scope) {
    this.record = record;
    this.scope = scope;
    this.attributes = attrs(record);
  }

  /**
   * Runs a memory hog in {@code cg} until the OOM killer ends it (the caller destroys
   * {@code hog[0]} in its finally), then waits up to 30 s for the record naming its pid.
   */
  static MemcgOom cause(Path cg, OtlpHttpReceiver receiver, Process[] hog) throws Exception {
    hog[0] = new ProcessBuilder("sh", "-c",
            "echo $$ > '" + cg.resolve("cgroup.procs") + "' && exec tail /dev/zero")
        .redirectErrorStream(true).start();
    long pid = hog[0].pid();
    assertTrue(hog[0].waitFor(60, TimeUnit.SECONDS), "the OOM killer did not act");
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      ExportLogsServiceRequest req = receiver.logs.poll(1, TimeUnit.SECONDS);
      if (req == null) {
        continue;
      }
      for (ResourceLogs rl : req.getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          for (LogRecord r : sl.getLogRecordsList()) {
            if (attrs(r).getOrDefault("linux.mm.victim.pid", "").equals(String.valueOf(pid))) {
              return new MemcgOom(r, sl.getScope().getName());
            }
          }
        }
      }
    }
    assertNotNull(null, "no log record for the OOM kill of pid " + pid);
    return null;
  }

  /** Kind, verdict, victim, the cgroup's limit, severity and the diagnosis as body. */
  void assertDecoded() {
    assertEquals("memcg_oom", attributes.get("linux.mm.kind"));
    assertEquals("memcg_limit", attributes.get("linux.mm.diagnosis.verdict"));
    assertEquals("tail", attributes.get("linux.mm.victim.name"));
    assertEquals(String.valueOf(32 << 10), attributes.get("linux.mm.memcg.limit_kb"));
    assertEquals("ERROR", record.getSeverityText());
    assertTrue(record.getBody().getStringValue().startsWith("Memory cgroup "), record.getBody().toString());
  }
}
