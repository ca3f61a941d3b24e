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

  /**
   * @param args rounds of work (each: SHA-256 over 4 MB, sort of 256 Ki ints), then optionally
   *     milliseconds to sit idle before the timed work, as a service does between its start and
   *     its load; a quarter of the rounds run untimed first, so the timed work runs on compiled
   *     code (without it the time on JDK 25 swung ±30 % with when C2 finished)
   */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    SplittableRandom random = new SplittableRandom(42);
    byte[] data = new byte[4 << 20];
    random.nextBytes(data);
    int[] ints = new int[256 << 10];
    long checksum = work(Math.max(1, rounds / 4), sha, random, data, ints);
    if (args.length > 1) {
      Thread.sleep(Long.parseLong(args[1]));
    }
    long t0 = System.nanoTime();
    checksum += work(rounds, sha, random, data, ints);
    long workMs = (System.nanoTime() - t0) / 1_000_000;
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.println("work-ms " + workMs + " heap-after-gc " + heap + " checksum " + checksum);
  }

  private static long work(int rounds, MessageDigest sha, SplittableRandom random, byte[] data,
      int[] ints) {
    long checksum = 0;
    for (int r = 0; r < rounds; r++) {
      // no byte-filling loop: whether C2 vectorized it made rounds 5x apart from run to run
      data[r % data.length] ^= (byte) checksum;
      checksum += sha.digest(data)[0];
      for (int i = 0; i < ints.length; i++) {
        ints[i] = random.nextInt();
      }
      Arrays.sort(ints);
      checksum += ints[ints.length / 2];
    }
    return checksum;
  }
}
