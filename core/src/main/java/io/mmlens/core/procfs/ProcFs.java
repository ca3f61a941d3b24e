package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.io.IOException;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A /proc and /sys root (default {@code /}, or a fixture tree) from which whole files are read
 * with a size bound; absence and read errors come back as {@link Problem}s, never exceptions.
 */
public final class ProcFs {

  /** Largest file read whole; zoneinfo on a 1024-CPU box is a few MB, so 8 MiB is generous. */
  public static final int DEFAULT_MAX_BYTES = 8 << 20;

  /** Buffers up to this size stay with the thread; zoneinfo of a large box may exceed it. */
  private static final int KEEP_BYTES = 256 << 10;

  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16384]);

  private final Path root;
  private final int maxBytes;
  /** Kernel path → resolved path, so repeated snapshots do not rebuild Path objects. */
  private final Map<String, Path> resolved = new ConcurrentHashMap<>();

  /** The machine's own root, {@code /}. */
  public ProcFs() {
    this(Paths.get("/"));
  }

  public ProcFs(Path root) {
    this(root, DEFAULT_MAX_BYTES);
  }

  public ProcFs(Path root, int maxBytes) {
    this.root = root;
    this.maxBytes = maxBytes;
  }

  public Path root() {
    return root;
  }

  /** The real path for a kernel path such as {@code /proc/zoneinfo} under this root. */
  public Path resolve(String kernelPath) {
    Path p = resolved.get(kernelPath);
    if (p == null) {
      String rel = kernelPath.startsWith("/") ? kernelPath.substring(1) : kernelPath;
      p = root.resolve(rel);
      if (resolved.size() < 256) {
        resolved.put(kernelPath, p);
      }
    }
    return p;
  }

  /** True when the kernel path exists under this root. */
  public boolean exists(String kernelPath) {
    return Files.exists(resolve(kernelPath));
  }

  /**
   * Reads a whole file as ASCII/Latin-1 text. On failure the value is the empty string and the
   * problem (MISSING, UNREADABLE, or LIMIT with the first {@code maxBytes}) names the kernel path.
   */
  public Parsed<String> read(String kernelPath) {
    Path p = resolve(kernelPath);
    byte[] buf = BUFFER.get();
    // procfs reports size 0, so read until EOF instead of trusting stat. FileInputStream is the
    // cheapest stream the JDK offers; the buffer is per thread and reused across files.
    try (FileInputStream in = new FileInputStream(p.toFile())) {
      int n = 0;
      int cap = Math.min(buf.length, maxBytes);
      while (true) {
        if (n == cap) {
          if (cap >= maxBytes) {
            // One more byte tells a file of exactly maxBytes from a longer one.
            if (in.read() < 0) {
              break;
            }
            String text = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            return Parsed.of(
                text,
                Collections.singletonList(
                    new Problem(
                        kernelPath,
                        0,
                        Problem.Kind.LIMIT,
                        "file larger than " + maxBytes + " bytes; only the first " + maxBytes
                            + " bytes were read")));
          }
          buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxBytes));
          cap = buf.length;
          if (buf.length <= KEEP_BYTES) {
            BUFFER.set(buf);
          }
        }
        int r = in.read(buf, n, cap - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      return Parsed.of(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      // FileInputStream says FileNotFoundException for absent, unreadable and directory alike.
      if (Files.isDirectory(p)) {
        return fail(kernelPath, Problem.Kind.UNREADABLE, "is a directory");
      }
      if (!Files.exists(p)) {
        return fail(kernelPath, Problem.Kind.MISSING, "no such file");
      }
      if (!Files.isReadable(p)) {
        return fail(kernelPath, Problem.Kind.UNREADABLE, "permission denied");
      }
      // The message names the kernel path only; the root is in the snapshot, and absolute fixture
      // paths would make golden files machine-specific.
      return fail(kernelPath, Problem.Kind.UNREADABLE, e.getClass().getSimpleName());
    }
  }

  /**
   * Counts the lines of a file without holding it: /proc/self/maps of a process near its
   * mapping limit is megabytes, and it is read exactly when memory is short.
   */
  public Parsed<Long> countLines(String kernelPath) {
    byte[] buf = BUFFER.get();
    try (FileInputStream in = new FileInputStream(resolve(kernelPath).toFile())) {
      long lines = 0;
      for (int r; (r = in.read(buf)) > 0; ) {
        for (int i = 0; i < r; i++) {
          if (buf[i] == '\n') {
            lines++;
          }
        }
      }
      return Parsed.of(lines);
    } catch (IOException | RuntimeException e) {
      Parsed<String> why = read(kernelPath); // names MISSING / UNREADABLE the same way
      return Parsed.of(-1L, why.problems());
    }
  }

  private static Parsed<String> fail(String kernelPath, Problem.Kind kind, String message) {
    return Parsed.of("", Collections.singletonList(new Problem(kernelPath, 0, kind, message)));
  }

  @Override
  public String toString() {
    return "ProcFs(" + root + ")";
  }
}
