package io.mmlens.core.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
    Path cg = TestCgroups.createChild("mmlens-kmsg-stream-test");
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
      TestCgroups.remove(cg);
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
}
