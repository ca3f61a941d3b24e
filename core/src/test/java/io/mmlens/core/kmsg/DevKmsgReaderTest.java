package io.mmlens.core.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs against the real /dev/kmsg of the build machine (as root), skipping with a reason if absent. */
class DevKmsgReaderTest {

  private static void writeKmsg(String text) throws IOException {
    // Writing to /dev/kmsg adds one record (facility user) to the kernel log.
    try (FileOutputStream out = new FileOutputStream("/dev/kmsg")) {
      out.write(("<6>" + text + "\n").getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void deliversOnlyRecordsLoggedAfterStartAndStopsOnClose() throws Exception {
    boolean usable = Files.isReadable(DevKmsgReader.DEFAULT_PATH)
        && Files.isWritable(DevKmsgReader.DEFAULT_PATH);
    if (!usable) {
      System.out.println("DevKmsgReaderTest skipped: /dev/kmsg is not readable and writable here");
    }
    Assumptions.assumeTrue(usable, "/dev/kmsg not readable and writable");
    String id = UUID.randomUUID().toString();
    String before = "mmlens-kmsg-stream-test before " + id;
    String after = "mmlens-kmsg-stream-test after " + id;
    writeKmsg(before);

    List<String> lines = new CopyOnWriteArrayList<>();
    List<String> status = new CopyOnWriteArrayList<>();
    DevKmsgReader reader = new DevKmsgReader(lines::add, status::add);
    Thread t = reader.start(r -> new Thread(r, "kmsg-test"));
    assertTrue(t.isDaemon());
    assertTrue(reader.awaitDrained(10_000), "backlog not drained");
    assertTrue(reader.skipped() > 0, "the record written before start is in the backlog");
    writeKmsg(after);
    long deadline = System.currentTimeMillis() + 10_000;
    String got = null;
    while (got == null && System.currentTimeMillis() < deadline) {
      for (String l : lines) {
        if (l.endsWith(after)) {
          got = l;
        }
      }
      Thread.sleep(10);
    }
    reader.close();
    t.join(5_000);
    assertFalse(t.isAlive(), "close() must wake the blocked read");
    assertTrue(got != null, "new record not delivered: " + lines);
    for (String l : lines) {
      assertFalse(l.contains(before), "backlog record delivered: " + l);
    }
    assertTrue(reader.isLive());
    assertEquals(List.of(), status);

    // The delivered record is a genuine kmsg record that the normalizer understands.
    List<LogLine> norm = LineNormalizer.normalizeAll(got);
    assertEquals(after, norm.get(0).text());
    assertEquals("kmsg", norm.get(0).prefixFormat());
    assertTrue(norm.get(0).hasUptime());
  }

  @Test
  void reportsNotReadableOnceAndEnds() throws Exception {
    List<String> status = new CopyOnWriteArrayList<>();
    List<String> lines = new CopyOnWriteArrayList<>();
    DevKmsgReader reader = new DevKmsgReader(Paths.get("/nonexistent/kmsg"), 100, lines::add, status::add);
    Thread t = reader.start(r -> new Thread(r, "kmsg-test-missing"));
    t.join(5_000);
    assertFalse(t.isAlive());
    assertEquals(List.of("not readable: /nonexistent/kmsg: no such file"), status);
    assertEquals(List.of(), lines);
  }
}
