package io.mmlens.it.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.kmsg.TestCgroups;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real memcg OOM on this machine, caused while `mmlens daemon` follows /dev/kmsg, arrives at a
 * real OTLP/HTTP receiver as one log record: ERROR, the diagnosis as body, the report's fields as
 * attributes. Skips (with the reason) without a writable memory cgroup or a readable /dev/kmsg.
 */
class AgentKernelEventsTest {

  @Test
  void memcgOomBecomesOneLogRecord() throws Exception {
    Path cg = TestCgroups.createChild("mmlens-agent-events-test");
    Assumptions.assumeTrue(cg != null, "no writable memory cgroup or /dev/kmsg");
    Process daemon = null;
    Process hog = null;
    OtlpHttpReceiver receiver = new OtlpHttpReceiver();
    try {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      daemon = new ProcessBuilder(java, "-jar", AgentOtlpHttpTest.AGENT.toString(), "daemon",
          "otel.exporter.otlp.endpoint=" + receiver.endpoint(), "otel.metric.export.interval=600000")
          .inheritIO().start();
      // The follower skips the backlog and goes live on the first read that blocks (100 ms).
      Thread.sleep(3000);
      hog = new ProcessBuilder("sh", "-c",
              "echo $$ > '" + cg.resolve("cgroup.procs") + "' && exec tail /dev/zero")
          .redirectErrorStream(true).start();
      long pid = hog.pid();
      assertTrue(hog.waitFor(60, TimeUnit.SECONDS), "the OOM killer did not act");
      LogRecord mine = null;
      long deadline = System.currentTimeMillis() + 30_000;
      while (mine == null && System.currentTimeMillis() < deadline) {
        ExportLogsServiceRequest req = receiver.logs.poll(1, TimeUnit.SECONDS);
        if (req == null) {
          continue;
        }
        for (ResourceLogs rl : req.getResourceLogsList()) {
          for (ScopeLogs sl : rl.getScopeLogsList()) {
            for (LogRecord r : sl.getLogRecordsList()) {
              if (attrs(r).getOrDefault("linux.mm.victim.pid", "").equals(String.valueOf(pid))) {
                mine = r;
              }
            }
          }
        }
      }
      assertNotNull(mine, "no log record for the OOM kill of pid " + pid);
      Map<String, String> a = attrs(mine);
      assertEquals("memcg_oom", a.get("linux.mm.kind"));
      assertEquals("memcg_limit", a.get("linux.mm.diagnosis.verdict"));
      assertEquals("tail", a.get("linux.mm.victim.name"));
      assertEquals(String.valueOf(32 << 10), a.get("linux.mm.memcg.limit_kb"));
      assertEquals("ERROR", mine.getSeverityText());
      assertTrue(mine.getBody().getStringValue().startsWith("Memory cgroup "), mine.getBody().toString());
      // 6.x task table columns arrive with the report
      assertTrue(a.getOrDefault("linux.mm.tasks.columns", "").contains("rss_anon"), a.toString());
    } finally {
      if (hog != null) {
        hog.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (daemon != null) {
        daemon.destroy(); // before the receiver goes: its exit flush has somewhere to go
        daemon.waitFor(20, TimeUnit.SECONDS);
      }
      receiver.close();
      TestCgroups.remove(cg);
    }
  }

  private static Map<String, String> attrs(LogRecord r) {
    Map<String, String> m = new HashMap<>();
    for (KeyValue kv : r.getAttributesList()) {
      String v;
      switch (kv.getValue().getValueCase()) {
        case INT_VALUE: v = String.valueOf(kv.getValue().getIntValue()); break;
        case STRING_VALUE: v = kv.getValue().getStringValue(); break;
        case BOOL_VALUE: v = String.valueOf(kv.getValue().getBoolValue()); break;
        case DOUBLE_VALUE: v = String.valueOf(kv.getValue().getDoubleValue()); break;
        default: v = kv.getValue().toString(); break;
      }
      m.put(kv.getKey(), v);
    }
    return m;
  }
}
