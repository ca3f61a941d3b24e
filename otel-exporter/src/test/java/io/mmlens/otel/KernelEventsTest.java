package io.mmlens.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report fed through a FIFO standing in for /dev/kmsg comes out as one log record once no
 * further line arrives, and the expiry thread only exists while a report is open.
 */
class KernelEventsTest {

  @Test
  void openReportIsEmittedOnIdleTimeAndTheIdleThreadStartsOnlyThen(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("kmsg");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
    List<String> lines = Files.readAllLines(
        ReportLogsTest.REPORTS.resolve("seed004-3.10.0-514.el7.x86_64").resolve("input.log"),
        StandardCharsets.UTF_8).subList(0, 62); // the allocation failure alone: it ends at "pages reserved"
    InMemoryLogRecordExporter exporter = InMemoryLogRecordExporter.create();
    List<LogRecordData> records;
    try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
        KernelEvents events = new KernelEvents(provider.get("test"), fifo, 20)) {
      events.start();
      try (OutputStream w = Files.newOutputStream(fifo)) {
        Thread.sleep(300); // the reader's first read blocks past its quiet time: it is live
        assertFalse(idleThreadAlive(), "no expiry thread before any report");
        for (String l : lines) {
          w.write((l + "\n").getBytes(StandardCharsets.UTF_8));
          w.flush();
        }
        // the writer stays open: the report can only end by expiry, as on a quiet /dev/kmsg
        long deadline = System.nanoTime() + 15_000_000_000L;
        // no line follows the report: only the expiry tick can end it
        while (exporter.getFinishedLogRecordItems().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        records = exporter.getFinishedLogRecordItems();
        assertTrue(idleThreadAlive(), "the expiry tick ran while the report was open");
      }
    }
    assertEquals(1, records.size(), records::toString);
    assertEquals("alloc_failure", records.get(0).getAttributes().get(AttributeKey.stringKey("linux.mm.kind")));
    assertEquals(6L, records.get(0).getAttributes().get(AttributeKey.longKey("linux.mm.request.order")));
  }

  private static boolean idleThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("mmlens-kmsg-idle") && t.isAlive());
  }
}
