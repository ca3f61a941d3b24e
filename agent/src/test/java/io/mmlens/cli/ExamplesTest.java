package io.mmlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The outputs shown in examples/ are what `mmlens analyze` prints today, and the logs are core's fixtures. */
class ExamplesTest {

  static final Path EXAMPLES = Paths.get("..", "examples");

  static Stream<String> logs() throws Exception {
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted()
          .collect(Collectors.toList()).stream();
    }
  }

  @ParameterizedTest
  @MethodSource("logs")
  void printedExplanationMatches(String log) throws Exception {
    String base = log.substring(0, log.length() - ".log".length());
    // The example is the fixture itself, so the docs show what the golden tests check.
    assertEquals(
        Files.readString(CliRun.CORE_FIXTURES.resolve("reports").resolve(base).resolve("input.log")),
        Files.readString(EXAMPLES.resolve(log)), log + " differs from core's fixture");
    CliRun r = CliRun.of("analyze", EXAMPLES.resolve(log).toString());
    assertEquals(0, r.code, r.toString());
    String shown = r.out.replace(EXAMPLES.toString() + "/", "examples/");
    Path txt = EXAMPLES.resolve(base + ".analyze.txt");
    if (Boolean.getBoolean("mmlens.regolden")) {
      Files.writeString(txt, shown, StandardCharsets.UTF_8);
    }
    assertTrue(shown.startsWith("== "), shown);
    assertEquals(Files.readString(txt, StandardCharsets.UTF_8), shown, txt.toString());
  }
}
