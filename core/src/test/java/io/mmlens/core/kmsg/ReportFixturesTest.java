package io.mmlens.core.kmsg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every report fixture folder has input.log and SOURCE.md, and assembles into the reports its
 * SOURCE.md promises ("Expected assembly: N report(s) ... lines A–B ..."), so the human-readable
 * description and the code cannot drift apart. A new folder is a new check.
 */
class ReportFixturesTest {

  @Test
  void everyFixtureAssemblesAsItsSourceSays() throws IOException, URISyntaxException {
    Path root = Paths.get(getClass().getResource("/reports").toURI());
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs = s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    }
    assertTrue(dirs.size() >= 6, "fixtures: " + dirs);
    for (Path dir : dirs) {
      String name = dir.getFileName().toString();
      Path source = dir.resolve("SOURCE.md");
      assertTrue(Files.exists(source), name + ": no SOURCE.md");
      String md = new String(Files.readAllBytes(source), StandardCharsets.UTF_8);
      int at = md.indexOf("Expected assembly: ");
      assertTrue(at >= 0, name + ": SOURCE.md has no 'Expected assembly:'");
      String expected = md.substring(at + 19).replace('\n', ' ');
      int count = Integer.parseInt(expected.substring(0, expected.indexOf(' ')));
      List<int[]> ranges = ranges(expected);
      String text = new String(Files.readAllBytes(dir.resolve("input.log")), StandardCharsets.UTF_8);
      List<RawReport> got = ReportAssembler.assemble(name, text);
      assertEquals(count, got.size(), name + ": report count");
      assertEquals(count, ranges.size(), name + ": SOURCE.md ranges");
      for (int i = 0; i < count; i++) {
        List<LogLine> lines = got.get(i).lines();
        assertEquals(ranges.get(i)[0], lines.get(0).lineNumber(), name + " report " + (i + 1) + " first line");
        assertEquals(ranges.get(i)[1], lines.get(lines.size() - 1).lineNumber(),
            name + " report " + (i + 1) + " last line");
      }
    }
  }

  /** "lines A–B" pairs, or "all N lines" as 1–N, in order. */
  private static List<int[]> ranges(String s) {
    List<int[]> r = new ArrayList<>();
    int all = s.indexOf("all ");
    if (all >= 0 && s.indexOf(" lines", all) > 0 && s.indexOf("lines ") < 0) {
      int n = Integer.parseInt(s.substring(all + 4, s.indexOf(' ', all + 4)));
      r.add(new int[] {1, n});
      return r;
    }
    for (int i = s.indexOf("lines "); i >= 0; i = s.indexOf("lines ", i + 6)) {
      int a = i + 6;
      int dash = s.indexOf('\u2013', a);
      if (dash < 0 || dash - a > 6) {
        continue;
      }
      int b = dash + 1;
      int e = b;
      while (e < s.length() && Character.isDigit(s.charAt(e))) {
        e++;
      }
      r.add(new int[] {Integer.parseInt(s.substring(a, dash)), Integer.parseInt(s.substring(b, e))});
    }
    return r;
  }
}
