package io.mmlens.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens CLI inputs: files or stdin, gzip detected by magic bytes, bad UTF-8 replaced not fatal. */
final class InputFiles {

  /** Files bigger than this show a progress bar on stderr when stderr is a terminal. */
  static final long PROGRESS_THRESHOLD = 64L * 1024 * 1024;

  /**
   * @param name a path or {@code -} for standard input
   * @param progress where to draw a progress bar, or null for none
   */
  static BufferedReader open(String name, PrintStream progress) throws IOException {
    return open(name, progress, null);
  }

  /**
   * As {@link #open(String, PrintStream)}; a read error after opening (a truncated gzip, an I/O
   * error) ends the input cleanly and is handed to {@code cut}, so every line decoded before it
   * still reaches the caller instead of dying in the reader's buffers.
   */
  static BufferedReader open(String name, PrintStream progress, java.util.function.Consumer<IOException> cut)
      throws IOException {
    InputStream raw;
    long size = -1;
    if (name.equals("-")) {
      raw = System.in;
    } else {
      Path p = Path.of(name);
      if (Files.isDirectory(p)) {
        throw new IOException(name + ": is a directory");
      }
      size = Files.size(p);
      raw = Files.newInputStream(p);
      if (progress != null && size > PROGRESS_THRESHOLD) {
        raw = new Progress(raw, size, name, progress);
      }
    }
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    InputStream decoded =
        (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(in, 1 << 16) : (InputStream) in;
    if (cut != null) {
      decoded = new StopAtError(decoded, cut);
    }
    // Kernel logs may carry stray bytes: decode leniently so one bad byte never loses a report.
    return new BufferedReader(
        new InputStreamReader(
            decoded,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)),
        1 << 16);
  }

  /** Turns the first read error into end of input, reporting it once. */
  private static final class StopAtError extends FilterInputStream {
    private final java.util.function.Consumer<IOException> cut;
    private boolean failed;

    StopAtError(InputStream in, java.util.function.Consumer<IOException> cut) {
      super(in);
      this.cut = cut;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (failed) {
        return -1;
      }
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        failed = true;
        cut.accept(e);
        return -1;
      }
    }
  }

  /** Counts bytes read and redraws a one-line bar at most every 1 %. */
  private static final class Progress extends FilterInputStream {
    private final long total;
    private final String name;
    private final PrintStream out;
    private long done;
    private int shown = -1;

    Progress(InputStream in, long total, String name, PrintStream out) {
      super(in);
      this.total = total;
      this.name = name;
      this.out = out;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        advance(n);
      }
      return n;
    }

    private void advance(int n) {
      done += n;
      int pct = (int) (done * 100 / total);
      if (pct != shown) {
        shown = pct;
        int bars = pct / 4;
        out.print(
            "\r" + Terminal.safe(name) + " [" + "#".repeat(bars) + " ".repeat(25 - bars) + "] " + pct + "%");
        if (pct >= 100) {
          out.print("\r\033[K");
        }
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (shown >= 0 && shown < 100) {
        out.print("\r\033[K");
        out.flush();
      }
      super.close();
    }
  }

  private InputFiles() {}
}
