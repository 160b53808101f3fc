package dev.perocore.social.ops.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** External programs the deployment tests drive: promtool, prometheus, kubectl. */
final class Tools {

  private Tools() {}

  /**
   * The program's path. Missing in CI is a failure (CI installs it); on a developer machine the
   * test is skipped with the command that installs it.
   */
  static Path require(String program, String installHint) {
    Optional<Path> found = find(program);
    if (found.isPresent()) {
      return found.get();
    }
    String message = program + " is not on PATH; install it: " + installHint;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }

  static Path promtool() {
    return require("promtool", "apt-get install prometheus");
  }

  static Path prometheus() {
    return require("prometheus", "apt-get install prometheus");
  }

  static Path kubectl() {
    return require("kubectl", "kubectl >= 1.14, which has `kubectl kustomize` (Debian: apt-get install kubernetes-client)");
  }

  static Optional<Path> find(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  record Result(int exitCode, String output) {}

  /** Runs a command to completion (stdout and stderr merged), killing it past the timeout. */
  static Result run(List<String> command, Path workDir, Duration timeout) {
    try {
      Path log = Files.createTempFile("tool-", ".log");
      try {
        Process process = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          fail(String.join(" ", command) + " did not finish within " + timeout + ":\n"
              + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }
}
