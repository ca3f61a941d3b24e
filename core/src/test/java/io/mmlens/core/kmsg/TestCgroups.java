package io.mmlens.core.kmsg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** A child memory cgroup (v1 or v2) of the test's own, to cause a real memcg OOM; shared via the test-jar. */
public final class TestCgroups {

  /** A child of the test's own memory cgroup (v1 or v2) limited to 32 MiB, or null. */
  public static Path createChild(String prefix) throws IOException {
    if (!Files.isReadable(DevKmsgReader.DEFAULT_PATH)) {
      System.out.println("memcg test skipped: /dev/kmsg not readable");
      return null;
    }
    String name = prefix + "-" + ProcessHandle.current().pid();
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
        remove(child);
      }
    }
    System.out.println("memcg test skipped: no writable memory cgroup; tried " + tried);
    return null;
  }

  public static void remove(Path cg) {
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

  private TestCgroups() {}
}
