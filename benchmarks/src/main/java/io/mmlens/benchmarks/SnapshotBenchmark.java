package io.mmlens.benchmarks;

import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.snapshot.SnapshotReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read + parse + zone analysis of one full {@link MemorySnapshot} (zoneinfo, buddyinfo, vmstat,
 * meminfo, PSI, four sys/vm files, osrelease, cgroup location and files; pagetypeinfo off as by
 * default): from the 6.18 fixture tree copied to a temp dir, and from the live /proc. Budget:
 * ≤ 200 µs and ≤ 64 KB allocated per snapshot ({@code -prof gc}, gc.alloc.rate.norm).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SnapshotBenchmark {

  private static final String TREE = "proc/linux-6.18-x86_64-capture/";
  private static final String CGROUP =
      "sys/fs/cgroup/memory/process_api/55547ccc5689f2ab51a354fa4ef1c592/";
  private static final String[] FILES = {
    "proc/buddyinfo", "proc/zoneinfo", "proc/pagetypeinfo", "proc/vmstat", "proc/meminfo",
    "proc/pressure/memory", "proc/sys/kernel/osrelease", "proc/self/cgroup", "proc/self/mountinfo",
    "proc/sys/vm/min_free_kbytes", "proc/sys/vm/watermark_scale_factor",
    "proc/sys/vm/lowmem_reserve_ratio", "proc/sys/vm/extfrag_threshold",
    CGROUP + "memory.limit_in_bytes", CGROUP + "memory.usage_in_bytes", CGROUP + "memory.failcnt",
    CGROUP + "memory.oom_control",
  };

  private Path tmp;
  private SnapshotReader fixture;
  private SnapshotReader live;

  @Setup
  public void setup() throws IOException {
    tmp = Files.createTempDirectory("mmlens-snapshot-bench");
    for (String f : FILES) {
      Path dst = tmp.resolve(f);
      Files.createDirectories(dst.getParent());
      try (InputStream in = SnapshotBenchmark.class.getClassLoader().getResourceAsStream(TREE + f)) {
        if (in == null) {
          throw new IOException("fixture file not on the classpath: " + TREE + f);
        }
        Files.copy(in, dst, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    fixture = new SnapshotReader(new ProcFs(tmp));
    live = new SnapshotReader(new ProcFs());
    MemorySnapshot s = fixture.read();
    if (s.zones().size() != 5 || !s.problems().isEmpty()) {
      throw new IllegalStateException("fixture snapshot incomplete: " + s.problems());
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    try (Stream<Path> walk = Files.walk(tmp)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Full snapshot from the copied 6.18 fixture tree. */
  @Benchmark
  public MemorySnapshot fixtureTree() {
    return fixture.read();
  }

  /** Full snapshot of this machine's live /proc and /sys. */
  @Benchmark
  public MemorySnapshot liveProc() {
    return live.read();
  }
}
