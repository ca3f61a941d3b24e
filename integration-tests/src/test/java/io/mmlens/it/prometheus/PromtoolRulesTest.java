package io.mmlens.it.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Debian's promtool checks alerts/prometheus-rules.yml and runs its unit tests
 * (prometheus-rules.test.yml: series shaped like the agent's). `./mmlens test` installs the
 * prometheus package when it runs as root; elsewhere the test says why it skips.
 */
class PromtoolRulesTest {

  static final Path ALERTS = Paths.get("../alerts").toAbsolutePath().normalize();

  static String promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      Path p = Paths.get(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(ALERTS.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    return out;
  }

  @Test
  void rulesAreValidAndTheirUnitTestsPass() throws Exception {
    String promtool = promtool();
    if (promtool == null) {
      System.out.println("PromtoolRulesTest skipped: promtool not on PATH (Debian package prometheus)");
    }
    Assumptions.assumeTrue(promtool != null, "promtool not installed");
    String check = run(promtool, "check", "rules", "prometheus-rules.yml");
    assertTrue(check.contains("SUCCESS: 4 rules found"), check);
    String test = run(promtool, "test", "rules", "prometheus-rules.test.yml");
    assertTrue(test.contains("SUCCESS"), test);
  }
}
