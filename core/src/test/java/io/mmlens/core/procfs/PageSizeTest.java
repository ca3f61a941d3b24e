package io.mmlens.core.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The page size read from /proc/self/auxv equals what `getconf PAGESIZE` says, silently. */
class PageSizeTest {

  @Test
  void equalsGetconf() throws Exception {
    Process p = new ProcessBuilder("getconf", "PAGESIZE").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    p.waitFor(10, TimeUnit.SECONDS);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(Integer.parseInt(out), PageSize.detect(new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertEquals("", err.toString(StandardCharsets.UTF_8), "no fallback note when auxv is readable");
    PageSize.Detected d = PageSize.detectWithSource(new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(Integer.parseInt(out), d.bytes);
    assertEquals("auxv", d.source);
  }

  /** A 64 KiB kernel's vector (arm64): AT_PHDR, AT_PAGESZ=65536, AT_NULL, 64-bit little-endian words. */
  @Test
  void findsAtPageszInARawVector() {
    ByteBuffer b = ByteBuffer.allocate(6 * 8).order(ByteOrder.nativeOrder());
    b.putLong(3).putLong(0x400040).putLong(6).putLong(65536).putLong(0).putLong(0);
    assertEquals(65536, PageSize.fromAuxv(b.array(), 8));
    assertEquals(-1, PageSize.fromAuxv(new byte[16], 8), "AT_NULL first: no page size");
  }
}
