package dev.perocore.social.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benchmarks' temporary folders (a database and its WAL each), removed after a run. */
final class BenchFolders {

  private BenchFolders() {}

  /** Deletes {@code dir} and everything in it, deepest first. */
  static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
