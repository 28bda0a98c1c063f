package io.parley.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/promises.md maps each README promise to the test that proves it: every row must name a test
 * class that exists in some module's src/test/java (and, for {@code Class#method}, a method of it).
 */
class PromisesTableTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*(?<promise>[^|]+?)\\s*\\|\\s*(?<test>[A-Za-z0-9_#]+)\\s*\\|\\s*$");

  @Test
  void everyPromiseNamesATestThatExists() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("docs").resolve("promises.md"));
    List<String> missing = new ArrayList<>();
    int rows = 0;
    for (String line : lines) {
      Matcher row = ROW.matcher(line);
      if (!row.matches() || row.group("test").equals("Test")) {
        continue;
      }
      rows++;
      String[] test = row.group("test").split("#", 2);
      Optional<Path> source = sourceOf(test[0]);
      if (source.isEmpty()) {
        missing.add(row.group("promise") + " -> no test class " + test[0]);
      } else if (test.length == 2
          && !Files.readString(source.get()).matches("(?s).*\\bvoid " + test[1] + "\\(.*")) {
        missing.add(row.group("promise") + " -> no method " + test[1] + " in " + test[0]);
      }
    }
    assertThat(rows).as("rows in docs/promises.md").isGreaterThan(30);
    assertThat(missing).as("rows naming a test that does not exist").isEmpty();
  }

  private static Optional<Path> sourceOf(String testClass) throws IOException {
    for (String module : List.of("domain", "adapters", "application")) {
      Path tests = ROOT.resolve(module).resolve("src").resolve("test").resolve("java");
      try (Stream<Path> files = Files.walk(tests)) {
        Optional<Path> found =
            files.filter(f -> f.getFileName().toString().equals(testClass + ".java")).findFirst();
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
