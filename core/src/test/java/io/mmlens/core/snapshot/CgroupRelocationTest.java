package io.mmlens.core.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.procfs.ProcFs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader caches the cgroup location; a process moved to another cgroup is found again. */
class CgroupRelocationTest {

  private static void write(Path root, String path, String text) throws Exception {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.write(p, text.getBytes(StandardCharsets.US_ASCII));
  }

  private static void cgroup(Path root, String name, long usage) throws Exception {
    write(root, "sys/fs/cgroup/" + name + "/memory.current", usage + "\n");
    write(root, "sys/fs/cgroup/" + name + "/memory.max", "max\n");
    write(root, "sys/fs/cgroup/" + name + "/memory.events", "oom 0\noom_kill 0\n");
  }

  @Test
  void movedProcessIsRelocated(@TempDir Path root) throws Exception {
    write(root, "proc/self/mountinfo", "24 30 0:22 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
    write(root, "proc/self/cgroup", "0::/a\n");
    cgroup(root, "a", 100);
    SnapshotReader reader = new SnapshotReader(new ProcFs(root));
    MemorySnapshot first = reader.read();
    assertEquals("/sys/fs/cgroup/a", first.cgroup().location().directory());
    assertEquals(OptionalLong.of(100), first.cgroup().usageBytes());
    assertTrue(first.cgroup().unlimited());

    // the process moves from /a to /b and /a is removed
    for (String f : new String[] {"memory.current", "memory.max", "memory.events"}) {
      Files.delete(root.resolve("sys/fs/cgroup/a/" + f));
    }
    write(root, "proc/self/cgroup", "0::/b\n");
    cgroup(root, "b", 200);
    MemorySnapshot second = reader.read();
    assertEquals("/sys/fs/cgroup/b", second.cgroup().location().directory());
    assertEquals(OptionalLong.of(200), second.cgroup().usageBytes());
    for (io.mmlens.core.Problem p : second.problems()) {
      assertTrue(!p.source().startsWith("/sys/fs/cgroup"), "stale cgroup problem leaked: " + p);
    }
  }
}
