package io.mmlens.core.kmsg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Follows {@code /dev/kmsg} and hands every new line of every new kernel record to a consumer
 * (typically {@link ReportAssembler#accept(String)}): the record line {@code 4,345,2039907190,-;text}
 * and its dictionary lines {@code  KEY=value}. I/O only, no parsing.
 *
 * <p>Each {@code read()} of /dev/kmsg returns exactly one record. Records already in the kernel's
 * buffer when the reader starts are skipped, so only new ones are delivered: the kernel offers
 * this as {@code lseek(fd, 0, SEEK_END)}, which Java cannot issue (every JDK seek is {@code
 * SEEK_SET} with an offset, and /dev/kmsg accepts only offset 0 = the oldest record). Instead the
 * reader drains the backlog, which returns without blocking (microseconds per record), and goes
 * live with the first record whose read blocked for at least {@code quietMillis}: that record did
 * not exist when the backlog ended. A record logged during the drain itself (a few milliseconds
 * at start) is skipped with the backlog.
 *
 * <p>Runs on a thread the caller provides ({@link #run()}) or creates a daemon thread with the
 * caller's {@link ThreadFactory} ({@link #start}). {@link #close()} wakes a blocked read (the
 * channel is interruptible) and ends the loop. If /dev/kmsg cannot be opened the status consumer
 * gets {@code not readable: <reason>} once and the reader ends; a ring-buffer overrun (the kernel
 * overwrote records before they were read) is reported as {@code records lost} and reading goes on.
 */
public final class DevKmsgReader implements Runnable, AutoCloseable {

  public static final Path DEFAULT_PATH = Paths.get("/dev/kmsg");
  /** A read that blocks this long ends the backlog drain. */
  public static final long DEFAULT_QUIET_MILLIS = 100;

  private final Path path;
  private final Consumer<String> lines;
  private final Consumer<String> status;
  private final long quietNanos;
  private volatile FileChannel channel;
  private volatile boolean closed;
  private volatile boolean live;
  private volatile long lastReadNanos = System.nanoTime();
  private volatile long delivered;
  private volatile long skipped;
  private volatile long lost;

  /** Follows /dev/kmsg. */
  public DevKmsgReader(Consumer<String> lines, Consumer<String> status) {
    this(DEFAULT_PATH, DEFAULT_QUIET_MILLIS, lines, status);
  }

  /**
   * @param path the kmsg device (tests may pass another character device or FIFO)
   * @param quietMillis how long a read must block to count as "after the backlog"
   * @param lines receives each line of each new record, without the newline
   * @param status receives rare status messages ({@code not readable: ...}, {@code records lost})
   */
  public DevKmsgReader(Path path, long quietMillis, Consumer<String> lines, Consumer<String> status) {
    this.path = path;
    this.quietNanos = quietMillis * 1_000_000L;
    this.lines = lines;
    this.status = status;
  }

  /** Starts {@link #run()} on a daemon thread made by the caller's factory. */
  public Thread start(ThreadFactory factory) {
    Thread t = factory.newThread(this);
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void run() {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException | RuntimeException e) {
      status.accept("not readable: " + path + ": " + reason(e));
      return;
    }
    channel = ch;
    if (closed) {
      closeQuietly(ch);
      return;
    }
    // One record per read; records are at most ~8 KiB with their dictionary.
    ByteBuffer buf = ByteBuffer.allocateDirect(16 * 1024);
    byte[] bytes = new byte[buf.capacity()];
    boolean overrun = false;
    while (!closed) {
      buf.clear();
      long t0 = System.nanoTime();
      int n;
      try {
        n = ch.read(buf);
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        if (closed) {
          break;
        }
        if ("Broken pipe".equals(e.getMessage())) {
          // EPIPE: the kernel overwrote records we had not read yet; the next read resumes
          // at the oldest record still there.
          lost++;
          if (!overrun) {
            status.accept("records lost: the kernel ring buffer overran the reader");
            overrun = true;
          }
          continue;
        }
        status.accept("read failed: " + path + ": " + reason(e));
        break;
      }
      long now = System.nanoTime();
      lastReadNanos = now;
      if (n <= 0) {
        break;
      }
      if (!live) {
        if (now - t0 < quietNanos) {
          skipped++;
          continue; // part of the backlog that existed at start
        }
        live = true;
      }
      overrun = false;
      buf.flip();
      buf.get(bytes, 0, n);
      deliver(bytes, n);
    }
    closeQuietly(ch);
  }

  /** Splits one record into its lines (text line, then dictionary lines). */
  private void deliver(byte[] b, int n) {
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (b[i] == '\n') {
        // Non-ASCII bytes are escaped as \xNN by the kernel, so ISO-8859-1 is exact here.
        lines.accept(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
        start = i + 1;
      }
    }
    if (start < n) {
      lines.accept(new String(b, start, n - start, StandardCharsets.ISO_8859_1));
    }
    delivered++;
  }

  /**
   * Waits until the backlog is drained (the reader is blocked waiting for a new record) or the
   * timeout passes; true when drained. Useful for tests and for logging "following /dev/kmsg".
   */
  public boolean awaitDrained(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (System.nanoTime() < deadline) {
      if (live || (channel != null && System.nanoTime() - lastReadNanos > quietNanos)) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  /** True once the first new record was delivered. */
  public boolean isLive() {
    return live;
  }

  /** Records delivered so far. */
  public long delivered() {
    return delivered;
  }

  /** Records of the start-up backlog that were skipped. */
  public long skipped() {
    return skipped;
  }

  /** Ring-buffer overruns met (each loses one or more records). */
  public long lost() {
    return lost;
  }

  /** Stops reading; a read blocked in the kernel is woken up. */
  @Override
  public void close() {
    closed = true;
    FileChannel ch = channel;
    if (ch != null) {
      closeQuietly(ch);
    }
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing to do: we are stopping
    }
  }
}
