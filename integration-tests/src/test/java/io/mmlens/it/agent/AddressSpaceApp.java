package io.mmlens.it.agent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Host app for the error=12 test, run under a low RLIMIT_AS: after a line on stdin it maps a
 * sparse file in ever smaller pieces until no mapping fits, then starts a process, which fails
 * for real with ENOMEM (no room for posix_spawn's stack); reports the exception as caught, stays
 * full for args[0] ms, then gives the address space back and lives args[1] ms more.
 */
public final class AddressSpaceApp {
  private AddressSpaceApp() {}

  public static void main(String[] args) throws Exception {
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    Path file = Files.createTempFile("mmlens-as-", ".bin");
    List<MappedByteBuffer> held = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[1]), (1L << 30) - 1); // sparse 1 GiB
      fill(ch, held, 64 << 20);
      fill(ch, held, 1 << 20);
      // the JVM or the agent may give a little back at any time: fill again right before each try
      for (int attempt = 0; attempt < 5; attempt++) {
        fill(ch, held, 16 << 10);
        try {
          Process p = new ProcessBuilder("true").start();
          System.out.println("STARTED " + p.waitFor());
        } catch (java.io.IOException e) {
          System.out.println("CAUGHT " + e.getClass().getName() + ": " + e.getMessage());
          System.out.println("TOP " + e.getStackTrace()[0].getClassName() + "."
              + e.getStackTrace()[0].getMethodName());
          System.out.println("CAUSE " + e.getCause());
          break;
        }
      }
    } finally {
      Files.delete(file);
    }
    Thread.sleep(Long.parseLong(args[0])); // still full: the agent builds its record now
    // unmap right away: a GC while the address space is full can abort the JVM (its mark stack
    // is malloc'ed), so the mappings go before any collection is asked for
    Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
    f.setAccessible(true);
    Object unsafe = f.get(null);
    Method cleaner = unsafe.getClass().getMethod("invokeCleaner", ByteBuffer.class);
    for (MappedByteBuffer b : held) {
      cleaner.invoke(unsafe, b);
    }
    held.clear(); // the agent's export (retried) can get through now
    Thread.sleep(Long.parseLong(args[1]));
    System.out.println("app done");
  }

  private static void fill(FileChannel ch, List<MappedByteBuffer> held, int size) {
    try {
      while (true) {
        held.add(ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
      }
    } catch (java.io.IOException e) {
      System.out.println("FILLED " + size + " " + e.getMessage());
    }
  }
}
