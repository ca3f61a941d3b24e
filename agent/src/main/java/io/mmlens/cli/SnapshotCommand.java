package io.mmlens.cli;

import io.mmlens.core.Problem;
import io.mmlens.core.json.Json;
import io.mmlens.core.procfs.ProcFs;
import io.mmlens.core.snapshot.MemorySnapshot;
import io.mmlens.core.snapshot.SnapshotReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** {@code mmlens snapshot}: this host's (or a copied tree's) zones as a table or JSON. */
final class SnapshotCommand extends Command {

  static final String USAGE =
      "usage: mmlens snapshot [options]\n"
          + "\n"
          + "Reads /proc (zoneinfo, buddyinfo, vmstat, meminfo, pressure, sysctls, the cgroup) and\n"
          + "prints per zone: free memory, the min/low/high watermarks, the largest free block, the\n"
          + "fragmentation index per order, and a warning for every order that would fail at 'low'.\n"
          + "\n"
          + "options:\n"
          + "  --format text|json   table (default) or the snapshot as one JSON object (docs/fields.md)\n"
          + "  --proc-root DIR      read DIR/proc/... instead of /proc (a copied or fixture tree)\n"
          + "  --watch SECONDS      redraw every SECONDS like top (json: one object per line)\n"
          + "  --page-size BYTES    page size of the kernel that wrote the files (default: this\n"
          + "                       machine's for /proc, 4096 for --proc-root)\n"
          + "  --kernel RELEASE     kernel release to assume instead of proc/sys/kernel/osrelease\n"
          + "  --pagetypeinfo       also read /proc/pagetypeinfo (root only; holds each zone's lock)\n";

  SnapshotCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  int run(String[] argv) {
    Args a = options(argv, USAGE, "format proc-root watch page-size kernel", "pagetypeinfo");
    if (a == null) {
      return 0;
    }
    if (!a.positional().isEmpty()) {
      throw new Args.UsageException("unexpected argument '" + Terminal.safe(a.positional().get(0)) + "'");
    }
    String format = a.choice("format", "text", "text", "json");
    int watch = a.intValue("watch", 0, 1, 86_400);
    String rootArg = a.get("proc-root", null);
    Path root = rootArg == null ? Paths.get("/") : Paths.get(rootArg);
    if (rootArg != null && !Files.isDirectory(root)) {
      err.println("mmlens snapshot: --proc-root " + Terminal.safe(rootArg) + ": not a directory");
      return 1;
    }
    int pageSize;
    if (a.has("page-size")) {
      pageSize = a.intValue("page-size", 4096, 512, 1 << 24);
      if (Integer.bitCount(pageSize) != 1) {
        throw new Args.UsageException("option --page-size must be a power of two, got " + pageSize);
      }
    } else {
      pageSize = rootArg == null ? io.mmlens.core.procfs.PageSize.detect(err) : 4096;
    }
    SnapshotReader reader =
        new SnapshotReader(new ProcFs(root))
            .pageSize(pageSize)
            .includePagetypeinfo(a.has("pagetypeinfo"));
    if (a.has("kernel")) {
      reader.release(a.get("kernel", null));
    }
    if (watch == 0) {
      return print(reader.read(), format, false);
    }
    while (true) {
      print(reader.read(), format, true);
      out.flush();
      try {
        Thread.sleep(watch * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }

  /** Prints one snapshot; returns 1 when it holds no zone at all (nothing could be read). */
  private int print(MemorySnapshot s, String format, boolean watching) {
    if (format.equals("json")) {
      out.println(Json.write(s.toMap()));
    } else {
      if (watching) {
        out.print("\033[H\033[2J"); // home + clear, as top does
      }
      out.printf(
          "%s  kernel %s  page size %s  watermark check: %s%n",
          Terminal.safe(s.root()),
          s.releaseText() == null ? "unknown" : Terminal.safe(s.releaseText()),
          Terminal.bytes(s.pageSize()),
          s.algorithm().key());
      ZoneTable.print(s.zones(), s.analyses(), s.zoneInfo() != null, out);
      for (Problem p : s.problems()) {
        out.println("note: " + Terminal.safe(p.toString()));
      }
    }
    if (s.zones().isEmpty()) {
      err.println("mmlens snapshot: no zone could be read from " + Terminal.safe(s.root()) + "/proc");
      return 1;
    }
    return 0;
  }
}
