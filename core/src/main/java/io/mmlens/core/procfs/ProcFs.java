package io.mmlens.core.procfs;

import io.mmlens.core.Parsed;
import io.mmlens.core.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;

/**
 * A /proc and /sys root (default {@code /}, or a fixture tree) from which whole files are read
 * with a size bound; absence and read errors come back as {@link Problem}s, never exceptions.
 */
public final class ProcFs {

  /** Largest file read whole; zoneinfo on a 1024-CPU box is a few MB, so 8 MiB is generous. */
  public static final int DEFAULT_MAX_BYTES = 8 << 20;

  private final Path root;
  private final int maxBytes;

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
    String rel = kernelPath.startsWith("/") ? kernelPath.substring(1) : kernelPath;
    return root.resolve(rel);
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
    // procfs reports size 0, so read until EOF instead of trusting stat.
    try (InputStream in = Files.newInputStream(p)) {
      byte[] buf = new byte[8192];
      int n = 0;
      while (true) {
        if (n == buf.length) {
          if (buf.length >= maxBytes) {
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
          buf = java.util.Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxBytes));
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      return Parsed.of(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    } catch (NoSuchFileException e) {
      return fail(kernelPath, Problem.Kind.MISSING, "no such file");
    } catch (AccessDeniedException e) {
      return fail(kernelPath, Problem.Kind.UNREADABLE, "permission denied");
    } catch (IOException | RuntimeException e) {
      // The message names the kernel path only; the root is in the snapshot, and absolute fixture
      // paths would make golden files machine-specific.
      String why = e.getClass().getSimpleName();
      if (Files.isDirectory(p)) {
        why = "is a directory";
      }
      return fail(kernelPath, Problem.Kind.UNREADABLE, why);
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
