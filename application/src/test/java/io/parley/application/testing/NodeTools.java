package io.parley.application.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm tools the tests run (spectral, prism), pinned in tools/package.json and its lock file and
 * installed there with {@code npm ci} when missing (.ci/run does the same up front).
 */
public final class NodeTools {
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path TOOLS = ROOT.resolve("tools");

  private NodeTools() {}

  /** The path of an installed tool's command, installing the tools first when needed. */
  public static synchronized Path command(String name) throws IOException, InterruptedException {
    Path command = TOOLS.resolve("node_modules").resolve(".bin").resolve(name);
    if (!Files.isExecutable(command)) {
      Result install = run(TOOLS, 600, "npm", "ci", "--no-audit", "--no-fund");
      if (install.exit() != 0 || !Files.isExecutable(command)) {
        throw new IllegalStateException(
            "npm ci in tools/ did not install " + name + ":\n" + install.output());
      }
    }
    return command;
  }

  /** Runs a command to completion and returns its exit status and combined output. */
  public static Result run(Path directory, long timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(List.of(command))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
    return new Result(process.exitValue(), new String(output));
  }

  /** Starts a long-running tool (stopped by the caller); its output goes to {@code log}. */
  public static Process start(Path log, String... command) throws IOException {
    List<String> args = new ArrayList<>(List.of(command));
    return new ProcessBuilder(args)
        .directory(ROOT.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  public record Result(int exit, String output) {}
}
