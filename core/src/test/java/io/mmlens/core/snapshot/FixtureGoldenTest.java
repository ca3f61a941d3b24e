package io.mmlens.core.snapshot;

import io.mmlens.core.json.PrettyJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mmlens.core.procfs.ProcFs;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every fixture tree under {@code src/test/resources/proc/} and compares the snapshot's
 * JSON with {@code expected.json} next to it. Regenerate after a reviewed change with
 * {@code -Dmmlens.regolden=true} (writes into src/test/resources) and review the git diff.
 */
class FixtureGoldenTest {

  static Path fixturesDir() throws Exception {
    return Paths.get(FixtureGoldenTest.class.getResource("/proc").toURI());
  }

  static Stream<String> fixtures() throws Exception {
    try (Stream<Path> s = Files.list(fixturesDir())) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
          .collect(java.util.stream.Collectors.toList()).stream();
    }
  }

  /** Reads a fixture tree with the options in its snapshot.properties. */
  static MemorySnapshot snapshot(Path dir) throws IOException {
    Properties props = new Properties();
    Path pf = dir.resolve("snapshot.properties");
    if (Files.exists(pf)) {
      try (Reader r = Files.newBufferedReader(pf, StandardCharsets.UTF_8)) {
        props.load(r);
      }
    }
    SnapshotReader reader =
        new SnapshotReader(new ProcFs(dir))
            .pageSize(Integer.parseInt(props.getProperty("pageSize", "4096")))
            .includePagetypeinfo(Boolean.parseBoolean(props.getProperty("includePagetypeinfo")));
    if (props.getProperty("release") != null) {
      reader.release(props.getProperty("release"));
    }
    return reader.read();
  }

  /** The snapshot tree without the two fields that change per run (time, absolute root). */
  static String golden(MemorySnapshot s) {
    Map<String, Object> m = s.toMap();
    m.remove("capture_time");
    m.remove("root");
    return PrettyJson.write(m);
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void matchesExpectedJson(String name) throws Exception {
    Path dir = fixturesDir().resolve(name);
    assertTrue(Files.exists(dir.resolve("SOURCE.md")), name + " has no SOURCE.md");
    String actual = golden(snapshot(dir));
    Path src = Paths.get("src/test/resources/proc", name, "expected.json");
    if (Boolean.getBoolean("mmlens.regolden")) {
      Files.write(src, actual.getBytes(StandardCharsets.UTF_8));
    }
    Path expected = dir.resolve("expected.json");
    if (Boolean.getBoolean("mmlens.regolden")) {
      expected = src;
    }
    assertTrue(Files.exists(expected), name + " has no expected.json");
    assertEquals(new String(Files.readAllBytes(expected), StandardCharsets.UTF_8), actual, name);
  }
}
