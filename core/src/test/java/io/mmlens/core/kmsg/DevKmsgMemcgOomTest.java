package io.mmlens.core.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * End to end on this machine: a real memcg OOM is provoked in a child memory cgroup of the test's
 * own cgroup, followed live through {@link DevKmsgReader}, and assembled into one report. Skips
 * with a printed reason where there is no writable memory cgroup or /dev/kmsg.
 */
class DevKmsgMemcgOomTest {

  @Test
  void liveMemcgOomIsFollowedAndAssembled() throws Exception {
    Path cg = createChildCgroup();
    Assumptions.assumeTrue(cg != null, "no writable memory cgroup");
    Process p = null;
    List<RawReport> reports = new CopyOnWriteArrayList<>();
    List<String> status = new CopyOnWriteArrayList<>();
    ReportAssembler asm = new ReportAssembler("/dev/kmsg", reports::add);
    DevKmsgReader reader = new DevKmsgReader(line -> {
      synchronized (asm) {
        asm.accept(line);
      }
    }, status::add);
    try {
      Thread t = reader.start(r -> new Thread(r, "kmsg-oom-test"));
      assertTrue(reader.awaitDrained(10_000));
      // "tail /dev/zero" buffers an endless line: it grows until the cgroup's OOM killer acts.
      p = new ProcessBuilder("sh", "-c",
              "echo $$ > '" + cg.resolve("cgroup.procs") + "' && exec tail /dev/zero")
          .redirectErrorStream(true).start();
      long pid = p.pid();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the OOM killer did not act");
      long deadline = System.currentTimeMillis() + 10_000;
      RawReport mine = null;
      while (mine == null && System.currentTimeMillis() < deadline) {
        synchronized (asm) {
          asm.expireIdle(System.currentTimeMillis());
        }
        for (RawReport r : reports) {
          if (r.lines().get(r.lines().size() - 1).text().contains("Killed process " + pid + " ")
              || containsLine(r, "oom_reaper: reaped process " + pid + " ")) {
            mine = r;
          }
        }
        Thread.sleep(50);
      }
      reader.close();
      t.join(5_000);
      assertTrue(mine != null, "no report for pid " + pid + ": " + reports);
      assertFalse(mine.incomplete(), mine::incompleteReason);
      assertTrue(mine.lines().get(0).text().contains(" invoked oom-killer: gfp_mask="),
          mine.lines().get(0).text());
      assertTrue(containsLine(mine, "memory: usage "));
      assertTrue(containsLine(mine, "Memory cgroup stats for "));
      assertTrue(containsLine(mine, "oom-kill:constraint=CONSTRAINT_MEMCG,"));
      assertTrue(containsLine(mine, "Memory cgroup out of memory: Killed process " + pid + " (tail)"));
      assertEquals("kmsg", mine.lines().get(0).prefixFormat());
      assertEquals(List.of(), status);
    } finally {
      reader.close();
      if (p != null) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      removeCgroup(cg);
    }
  }

  private static boolean containsLine(RawReport r, String fragment) {
    for (LogLine l : r.lines()) {
      if (l.text().contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  /** A child of the test's own memory cgroup (v1 or v2) limited to 32 MiB, or null. */
  private static Path createChildCgroup() throws IOException {
    if (!Files.isReadable(DevKmsgReader.DEFAULT_PATH)) {
      System.out.println("DevKmsgMemcgOomTest skipped: /dev/kmsg not readable");
      return null;
    }
    String name = "mmlens-kmsg-stream-test-" + ProcessHandle.current().pid();
    List<String> own = Files.readAllLines(Paths.get("/proc/self/cgroup"), StandardCharsets.UTF_8);
    List<String> tried = new ArrayList<>();
    for (String l : own) {
      String[] f = l.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      Path dir;
      String limitFile;
      if (f[1].equals("memory")) {
        dir = Paths.get("/sys/fs/cgroup/memory" + f[2]);
        limitFile = "memory.limit_in_bytes";
      } else if (f[0].equals("0") && f[1].isEmpty()) {
        Path root = Files.exists(Paths.get("/sys/fs/cgroup/cgroup.controllers"))
            ? Paths.get("/sys/fs/cgroup") : Paths.get("/sys/fs/cgroup/unified");
        dir = Paths.get(root + f[2]);
        limitFile = "memory.max";
      } else {
        continue;
      }
      Path child = dir.resolve(name);
      try {
        Files.createDirectories(child);
        if (!Files.exists(child.resolve(limitFile))) {
          Files.delete(child);
          tried.add(child + " (no " + limitFile + ")");
          continue;
        }
        Files.write(child.resolve(limitFile), String.valueOf(32 << 20).getBytes(StandardCharsets.US_ASCII));
        Path memsw = child.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw)) {
          Files.write(memsw, String.valueOf(32 << 20).getBytes(StandardCharsets.US_ASCII));
        }
        Path swapMax = child.resolve("memory.swap.max");
        if (Files.exists(swapMax)) {
          Files.write(swapMax, "0".getBytes(StandardCharsets.US_ASCII));
        }
        return child;
      } catch (IOException e) {
        tried.add(child + " (" + e + ")");
        removeCgroup(child);
      }
    }
    System.out.println("DevKmsgMemcgOomTest skipped: no writable memory cgroup; tried " + tried);
    return null;
  }

  private static void removeCgroup(Path cg) {
    if (cg == null) {
      return;
    }
    for (int i = 0; i < 50 && Files.exists(cg); i++) {
      try {
        Files.delete(cg); // rmdir; fails while a task is still inside
      } catch (IOException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
