package io.mmlens.it.agent;

import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * CPU-bound host workload for agent overhead tests: hashes and sorts a fixed amount of data on
 * one thread and prints the time that took, measured inside main (so JVM start and exit are not
 * part of it), and the heap used after a full GC at the end.
 */
public final class CpuWorkApp {
  private CpuWorkApp() {}

  /** @param args rounds of work (each: SHA-256 over 4 MB, sort of 256 Ki ints). */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    SplittableRandom random = new SplittableRandom(42);
    byte[] data = new byte[4 << 20];
    int[] ints = new int[256 << 10];
    long checksum = 0;
    long t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < data.length; i += 8) {
        long v = random.nextLong();
        for (int k = 0; k < 8; k++) {
          data[i + k] = (byte) (v >>> (k * 8));
        }
      }
      checksum += sha.digest(data)[0];
      for (int i = 0; i < ints.length; i++) {
        ints[i] = random.nextInt();
      }
      Arrays.sort(ints);
      checksum += ints[ints.length / 2];
    }
    long workMs = (System.nanoTime() - t0) / 1_000_000;
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.println("work-ms " + workMs + " heap-after-gc " + heap + " checksum " + checksum);
  }
}
