package io.mmlens.it.agent;

import static io.mmlens.it.agent.AgentOtlpHttpTest.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A child JVM with -javaagent runs out of direct memory for real (-XX:MaxDirectMemorySize=1m):
 * the host still receives its own OutOfMemoryError and handles it, and the OTLP receiver gets the
 * JVM-symptom record with the exception, the symptom and the one-line diagnosis.
 */
class AgentJvmSymptomTest {

  @Test
  void directBufferOomIsReportedAndTheHostStillSeesIt() throws Exception {
    try (OtlpHttpReceiver receiver = new OtlpHttpReceiver()) {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      Process app = new ProcessBuilder(java, "-XX:MaxDirectMemorySize=1m",
          "-javaagent:" + AgentOtlpHttpTest.AGENT + "=otel.exporter.otlp.endpoint=" + receiver.endpoint()
              + ",mmlens.kmsg.enabled=false,otel.metric.export.interval=600000",
          // only the app on the class path: the test class path holds the unshaded agent classes
          "-cp", Paths.get("target/test-classes").toAbsolutePath().toString(), DirectOomApp.class.getName(), "3000", "3000")
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(app.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, app.exitValue(), out);
      // the host's behaviour is unchanged: its own exception, caught by its own code
      assertTrue(out.contains("caught java.lang.OutOfMemoryError: ") && out.contains("direct buffer memory"), out);
      assertTrue(out.contains("done"), out);
      LogRecord record = null;
      long deadline = System.currentTimeMillis() + 20_000;
      while (record == null && System.currentTimeMillis() < deadline) {
        ExportLogsServiceRequest req = receiver.logs.poll(1, TimeUnit.SECONDS);
        if (req != null) {
          for (var rl : req.getResourceLogsList()) {
            for (var sl : rl.getScopeLogsList()) {
              for (LogRecord r : sl.getLogRecordsList()) {
                if ("direct_buffer_memory".equals(attrs(r).get("linux.mm.symptom"))) {
                  record = r;
                }
              }
            }
          }
        }
      }
      assertNotNull(record, "no JVM-symptom record");
      Map<String, String> a = attrs(record);
      assertEquals("java.lang.OutOfMemoryError", a.get("exception.type"));
      assertTrue(a.get("exception.stacktrace").contains("java.nio.ByteBuffer.allocateDirect"), a.get("exception.stacktrace"));
      assertTrue(a.get("linux.mm.zones").contains("\"largest_free_order\""), a.get("linux.mm.zones"));
      assertEquals("ERROR", record.getSeverityText());
      assertEquals("direct_memory_limit", a.get("linux.mm.symptom.verdict"));
      assertTrue(record.getBody().getStringValue().startsWith("A direct buffer could not be allocated:"
          + " the JVM's own direct-memory cap (-XX:MaxDirectMemorySize, limit 1.0 MiB) is used up"),
          record.getBody().getStringValue());
    }
  }
}
