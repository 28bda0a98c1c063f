package io.parley.application.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The alert and recording rules operators load (ops/prometheus/parley-rules.yml) pass promtool's
 * check, and each alert fires and stays silent as its unit tests say (parley-rules.test.yml), on
 * the metric names /prometheus really exposes (OperationsTest checks those).
 */
class AlertRulesTest {
  private static final Path RULES = Path.of("..", "ops", "prometheus");

  @Test
  void theRulesPassPromtoolCheck() throws Exception {
    assertThat(Files.exists(RULES.resolve("parley-rules.yml"))).isTrue();
    assertThat(promtool("check", "rules", "parley-rules.yml")).contains("SUCCESS: 18 rules found");
  }

  @Test
  void everyAlertFiresAndStaysSilentAsItsUnitTestsSay() throws Exception {
    assertThat(promtool("test", "rules", "parley-rules.test.yml")).contains("SUCCESS");
  }

  /** promtool's output; fails the test when promtool exits non-zero. */
  private static String promtool(String... arguments) throws Exception {
    String[] command = new String[arguments.length + 1];
    command[0] = "promtool";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    Process process =
        new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }
}
