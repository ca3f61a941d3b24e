package io.mmlens.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.kmsg.KernelLogDecoder;
import io.mmlens.core.kmsg.KernelReport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kernel reports of real logs become log records with the report fields as attributes. */
class ReportLogsTest {

  static final Path REPORTS = Path.of("../core/src/test/resources/reports");

  static List<LogRecordData> emit(String fixture) throws Exception {
    InMemoryLogRecordExporter exporter = InMemoryLogRecordExporter.create();
    try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build()) {
      ReportLogs logs = new ReportLogs(provider.get("test"));
      String text = Files.readString(REPORTS.resolve(fixture).resolve("input.log"), StandardCharsets.UTF_8);
      for (KernelReport r : KernelLogDecoder.decodeText(fixture, text)) {
        logs.emit(r);
      }
      return exporter.getFinishedLogRecordItems();
    }
  }

  @Test
  void allocationFailureIsWarnWithTheDiagnosisAsBody() throws Exception {
    List<LogRecordData> l = emit("seed004-3.10.0-514.el7.x86_64");
    assertEquals(2, l.size());
    LogRecordData r = l.get(0);
    assertEquals(Severity.WARN, r.getSeverity());
    assertTrue(r.getBodyValue().asString().startsWith("Node 0 DMA32 has 124.3 MiB free, but its largest free block is order 3"),
        r.getBodyValue().asString());
    assertEquals("alloc_failure", r.getAttributes().get(AttributeKey.stringKey("linux.mm.kind")));
    assertEquals(6L, r.getAttributes().get(AttributeKey.longKey("linux.mm.request.order")));
    assertEquals(18377L, r.getAttributes().get(AttributeKey.longKey("linux.mm.request.process.pid")));
    assertEquals("fragmentation", r.getAttributes().get(AttributeKey.stringKey("linux.mm.diagnosis.verdict")));
    assertEquals(Arrays.asList("__GFP_WAIT", "__GFP_IO", "__GFP_FS", "__GFP_COMP", "__GFP_ZERO", "__GFP_KMEMCG"),
        r.getAttributes().get(AttributeKey.stringArrayKey("linux.mm.request.gfp.flags")));
    // zones cannot nest in attributes: one JSON string, the same objects as docs/fields.md
    String zones = r.getAttributes().get(AttributeKey.stringKey("linux.mm.zones"));
    assertTrue(zones.startsWith("[{\"node\":0,\"name\":\"DMA\""), zones);
    assertTrue(zones.contains("\"largest_free_order\":5"), zones);
    assertEquals(Severity.WARN, l.get(1).getSeverity()); // kmem_cache_create failure
  }

  @Test
  void oomKillIsErrorAndMemcgOomNamesItsVictim() throws Exception {
    LogRecordData memcg = emit("devkmsg-memcg-v1-6.18.44-fc-v657").get(0);
    assertEquals(Severity.ERROR, memcg.getSeverity());
    assertEquals("memcg_oom", memcg.getAttributes().get(AttributeKey.stringKey("linux.mm.kind")));
    assertEquals(9324L, memcg.getAttributes().get(AttributeKey.longKey("linux.mm.victim.pid")));
    assertEquals("memcg_limit", memcg.getAttributes().get(AttributeKey.stringKey("linux.mm.diagnosis.verdict")));
    assertTrue(memcg.getBodyValue().asString().startsWith("Memory cgroup /process_api/"));
  }
}
