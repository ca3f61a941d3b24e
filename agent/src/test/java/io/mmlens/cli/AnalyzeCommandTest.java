package io.mmlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code mmlens analyze} on the real report logs of core's fixtures. */
class AnalyzeCommandTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path REPORTS = CliRun.CORE_FIXTURES.resolve("reports");

  static Stream<String> logs() throws Exception {
    try (Stream<Path> s = Files.list(REPORTS)) {
      return s.filter(p -> Files.exists(p.resolve("expected.json")))
          .map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()).stream();
    }
  }

  static List<JsonNode> jsonLines(String out) throws Exception {
    List<JsonNode> l = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isEmpty()) {
        l.add(JSON.readTree(line));
      }
    }
    return l;
  }

  /** One JSON object per report per line, equal to the reviewed decode of core's golden files. */
  @ParameterizedTest
  @MethodSource("logs")
  void jsonLinesEqualTheGoldenDecode(String dir) throws Exception {
    CliRun r = CliRun.of("analyze", "--format", "json", REPORTS.resolve(dir).resolve("input.log").toString());
    assertEquals(0, r.code, r.toString());
    JsonNode expected = JSON.readTree(REPORTS.resolve(dir).resolve("expected.json").toFile());
    List<JsonNode> got = jsonLines(r.out);
    assertEquals(expected.size(), got.size(), r.out);
    for (int i = 0; i < got.size(); i++) {
      assertEquals(expected.get(i), got.get(i), dir + " report " + i);
    }
  }

  @Test
  void seed004ExplainsFragmentationWithTheKernelsNumbers() {
    CliRun r = CliRun.of("analyze", REPORTS.resolve("seed004-3.10.0-514.el7.x86_64/input.log").toString());
    assertEquals(0, r.code, r.toString());
    assertTrue(r.out.contains("request    exe (pid 18377): order 6 (256 KiB), gfp 0x10c0d0 = GFP_KERNEL|__GFP_COMP|"), r.out);
    assertTrue(r.out.contains("verdict    fragmentation"), r.out);
    assertTrue(r.out.contains("factors    slab_heavy, unreclaimable_slab"), r.out);
    String normal = SnapshotCommandTest.lineStartingWith(r.out, "           Node 0 Normal");
    assertTrue(normal.contains("order 5") && normal.contains("fails") && normal.endsWith("0.978"), normal);
  }

  @Test
  void kernelOverrideChangesTheFlagTable() throws Exception {
    String log = REPORTS.resolve("seed003-3.13.0-86-generic/input.log").toString();
    JsonNode asPrinted = jsonLines(CliRun.of("analyze", "--format", "json", log).out).get(0);
    JsonNode as6 = jsonLines(CliRun.of("analyze", "--format", "json", "--kernel", "6.1.0", log).out).get(0);
    assertEquals("GFP_HIGHUSER_MOVABLE", asPrinted.at("/request/gfp/symbolic").asText());
    // In 4.x+ tables bit 0x200000 is no longer __GFP_HARDWALL and 0x2000 is __GFP_MEMALLOC's neighbour:
    // the same mask reads differently, which is exactly the seed-003 article's mistake.
    assertFalse(as6.at("/request/gfp/symbolic").asText().equals("GFP_HIGHUSER_MOVABLE"), as6.toString());
    assertEquals("override", as6.at("/request/gfp/era_source").asText(), as6.at("/request/gfp").toString());
  }

  @Test
  void gzipIsReadTransparently(@TempDir Path tmp) throws Exception {
    Path plain = REPORTS.resolve("seed000-2.6.32-431.17.1.el6.x86_64/input.log");
    Path gz = tmp.resolve("messages.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(Files.readAllBytes(plain));
    }
    CliRun a = CliRun.of("analyze", "--format", "json", plain.toString());
    CliRun b = CliRun.of("analyze", "--format", "json", gz.toString());
    assertEquals(0, b.code, b.toString());
    assertEquals(a.out, b.out);
    assertEquals(2, jsonLines(b.out).size());
  }

  @Test
  void controlCharactersFromTheLogCannotReachTheTerminal(@TempDir Path tmp) throws Exception {
    // seed 002's header with a process name carrying an escape sequence (retitles an xterm).
    String evil = Files.readString(REPORTS.resolve("seed002-3.2.59/input.log"), StandardCharsets.UTF_8)
        .replace("clamd invoked", "cl\u001b]0;pwned\u0007amd invoked");
    Path log = tmp.resolve("evil.log");
    Files.writeString(log, evil, StandardCharsets.UTF_8);
    CliRun r = CliRun.of("analyze", log.toString());
    assertFalse(r.out.contains("\u001b"), "raw ESC reached the terminal");
    assertFalse(r.out.contains("\u0007"), "raw BEL reached the terminal");
    assertTrue(r.out.contains("cl\\x1b]0;pwned\\x07amd (pid 21832)"), r.out);
  }

  @Test
  void missingFileIsNamedAndTheOthersAreStillAnalyzed() {
    CliRun r = CliRun.of("analyze", "/nonexistent/messages",
        REPORTS.resolve("seed001-2.6.39-linode33/input.log").toString());
    assertEquals(1, r.code);
    assertTrue(r.err.contains("mmlens analyze: /nonexistent/messages: no such file"), r.err);
    assertTrue(r.out.contains("victim     rpc.statd (pid 2196)"), r.out);
  }

  @Test
  void truncatedGzipKeepsWhatWasDecodedAndSaysSo(@TempDir Path tmp) throws Exception {
    byte[] all = Files.readAllBytes(REPORTS.resolve("seed001-2.6.39-linode33/input.log"));
    Path gz = tmp.resolve("cut.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(all);
    }
    byte[] z = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(z, z.length - 12)); // lose the trailer and some data
    CliRun r = CliRun.of("analyze", "--format", "json", gz.toString());
    assertEquals(1, r.code, r.toString());
    assertTrue(r.err.contains("cut.gz"), r.err);
    assertFalse(jsonLines(r.out).isEmpty(), "reports decoded before the cut are printed");
  }

  @Test
  void noReportSaysSoOnStderr(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("quiet.log");
    Files.writeString(log, "Nov 22 10:00:00 h kernel: e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex\n");
    CliRun r = CliRun.of("analyze", log.toString());
    assertEquals(0, r.code);
    assertEquals("", r.out);
    assertTrue(r.err.contains("no OOM kill, allocation failure or memcg OOM report found in " + log), r.err);
  }

  @Test
  void standardInputIsReadWhenNoFileIsGiven() throws Exception {
    java.io.InputStream saved = System.in;
    try {
      System.setIn(Files.newInputStream(REPORTS.resolve("seed003-3.13.0-86-generic/input.log")));
      CliRun r = CliRun.of("analyze", "--format", "json");
      assertEquals(0, r.code, r.toString());
      JsonNode report = jsonLines(r.out).get(0);
      assertEquals(10366, report.at("/victim/pid").asInt());
      assertEquals("memory_exhaustion", report.at("/diagnosis/verdict").asText());
    } finally {
      System.setIn(saved);
    }
  }

  /** A 100 MB line (a binary blob, a runaway logger) in front of a real report, in a 64 MB heap. */
  @Test
  void hundredMegabyteLineIsCutNotHeld(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("huge.log");
    try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
      byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
      o.write("Nov 20 12:42:42 h kernel: ".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 100; i++) {
        o.write(chunk);
      }
      o.write('\n');
      o.write(Files.readAllBytes(REPORTS.resolve("seed003-3.13.0-86-generic/input.log")));
    }
    String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(jvm, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        "io.mmlens.cli.Main", "analyze", "--format", "json", log.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    JsonNode report = jsonLines(out).get(0);
    assertEquals(10366, report.at("/victim/pid").asInt());
  }

  /** Bytes that are not UTF-8 (a Latin-1 log, a stray binary byte) never cost a report. */
  @Test
  void invalidUtf8IsReplacedNotFatal(@TempDir Path tmp) throws Exception {
    byte[] seed = Files.readAllBytes(REPORTS.resolve("seed001-2.6.39-linode33/input.log"));
    byte[] bad = {(byte) 0xff, (byte) 0xfe, 'x', (byte) 0xc3, '\n'};
    Path log = tmp.resolve("latin1.log");
    Files.write(log, concat(bad, seed, bad));
    CliRun r = CliRun.of("analyze", "--format", "json", log.toString());
    assertEquals(0, r.code, r.toString());
    assertEquals("zone_exhaustion", jsonLines(r.out).get(1).at("/diagnosis/verdict").asText());
  }

  /** Random binary data: no exception, no invented report, exit 0 with the "none found" note. */
  @Test
  void binaryInputYieldsNoReport(@TempDir Path tmp) throws Exception {
    byte[] noise = new byte[1 << 20];
    new java.util.Random(42).nextBytes(noise);
    Path bin = tmp.resolve("core.dump");
    Files.write(bin, noise);
    CliRun r = CliRun.of("analyze", bin.toString());
    assertEquals(0, r.code, r.toString());
    assertEquals("", r.out);
    assertTrue(r.err.contains("no OOM kill, allocation failure or memcg OOM report found"), r.err);
  }

  /** The same report logged twice (a shipper's retry) is two reports, each complete. */
  @Test
  void duplicatedReportGivesTwoEqualReports(@TempDir Path tmp) throws Exception {
    byte[] seed = Files.readAllBytes(REPORTS.resolve("seed003-3.13.0-86-generic/input.log"));
    Path log = tmp.resolve("twice.log");
    Files.write(log, concat(seed, seed));
    List<JsonNode> reports = jsonLines(CliRun.of("analyze", "--format", "json", log.toString()).out);
    assertEquals(2, reports.size());
    assertEquals(reports.get(0), reports.get(1));
    assertFalse(reports.get(0).get("incomplete").asBoolean());
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  @Test
  void badKernelReleaseIsAUsageError() {
    CliRun r = CliRun.of("analyze", "--kernel", "latest", "-");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("option --kernel needs a kernel release like 3.10.0-514.el7.x86_64, got 'latest'"), r.err);
  }
}
