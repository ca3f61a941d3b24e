package io.mmlens.core.procfs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * This machine's page size (4 KiB, 16 KiB, 64 KiB kernels exist), from the ELF auxiliary vector
 * the kernel gave the JVM; every byte figure of the agent and the CLI uses it.
 */
public final class PageSize {

  /** AT_PAGESZ in include/uapi/linux/auxvec.h. */
  private static final long AT_PAGESZ = 6;

  /** The page size, or 4096 with one line on {@code err} saying why it is assumed. */
  public static int detect(PrintStream err) {
    return detectWithSource(err).bytes;
  }

  /** As {@link #detect}, saying where the figure came from ({@code auxv} or {@code default}). */
  public static Detected detectWithSource(PrintStream err) {
    try {
      long v = fromAuxvFile(Paths.get("/proc/self/auxv"));
      if (v > 0) {
        return new Detected((int) v, "auxv");
      }
      err.println("mmlens: /proc/self/auxv has no AT_PAGESZ entry; assuming 4096-byte pages");
    } catch (IOException | RuntimeException e) {
      err.println("mmlens: cannot read /proc/self/auxv (" + e.getMessage() + "); assuming 4096-byte pages");
    }
    return new Detected(4096, "default");
  }

  /** A page size and its source, as the {@code linux.memory.page.size.source} attribute names it. */
  public static final class Detected {
    public final int bytes;
    public final String source;

    Detected(int bytes, String source) {
      this.bytes = bytes;
      this.source = source;
    }
  }

  /** AT_PAGESZ of an auxv file when it is a power of two up to 16 MiB, else -1. */
  public static long fromAuxvFile(Path auxv) throws IOException {
    long v = fromAuxv(Files.readAllBytes(auxv), wordBytes());
    return v > 0 && v <= (1 << 24) && Long.bitCount(v) == 1 ? v : -1;
  }

  /** AT_PAGESZ from raw auxv bytes (pairs of native words), or -1 when absent. */
  public static long fromAuxv(byte[] auxv, int wordBytes) {
    ByteBuffer b = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
    while (b.remaining() >= 2 * wordBytes) {
      long type = wordBytes == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
      long value = wordBytes == 8 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
      if (type == AT_PAGESZ) {
        return value;
      }
      if (type == 0) {
        break; // AT_NULL ends the vector
      }
    }
    return -1;
  }

  private static int wordBytes() {
    String model = System.getProperty("sun.arch.data.model", "64");
    return model.equals("32") ? 4 : 8;
  }

  private PageSize() {}
}
