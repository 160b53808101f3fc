package dev.perocore.social.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md, read from the sources so that a change that breaks one
 * fails the build instead of waiting for a reviewer: the dependency order between our packages,
 * Vert.x internals only in {@code guard}, a package-info for every package.
 */
class PackageRulesTest {

  private static final Path MAIN = Path.of(System.getProperty("basedir",
      System.getProperty("user.dir"))).resolve("src/main/java/dev/perocore/social");
  private static final Pattern IMPORT = Pattern.compile(
      "^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final String OURS = "dev.perocore.social.";

  /**
   * What each top-level package may import of ours (besides itself). {@code app} sees all and is
   * not listed; {@code sim} is a test double of a OneBot implementation and sees only the protocol.
   */
  private static final Map<String, Set<String>> MAY_SEE = Map.of(
      "guard", Set.of(),
      "chat", Set.of(),
      "onebot", Set.of("guard", "chat"),
      "store", Set.of("guard", "chat"),
      "brain", Set.of("guard", "chat"),
      "ops", Set.of("guard"),
      "cluster", Set.of("guard"),
      "sim", Set.of("guard", "chat", "onebot"),
      "media", Set.of("guard"),
      "session", Set.of("guard", "chat", "onebot", "store", "brain", "ops", "media"));

  @Test
  void packagesDependInTheDocumentedOrder() {
    Set<String> violations = new TreeSet<>();
    for (Path file : sources()) {
      String top = topPackage(file);
      Set<String> allowed = MAY_SEE.get(top);
      if (allowed == null) {
        continue;
      }
      for (String imported : imports(file)) {
        if (!imported.startsWith(OURS)) {
          continue;
        }
        String target = imported.substring(OURS.length()).split("\\.")[0];
        if (!target.equals(top) && !allowed.contains(target)) {
          violations.add(MAIN.relativize(file) + " imports " + imported);
        }
      }
    }
    assertEquals(Set.of(), violations);
  }

  @Test
  void vertxInternalsStayInGuard() {
    Set<String> violations = new TreeSet<>();
    for (Path file : sources()) {
      if (topPackage(file).equals("guard")) {
        continue;
      }
      for (String imported : imports(file)) {
        if (imported.startsWith("io.vertx.core.internal") || imported.startsWith("io.vertx.core.impl")) {
          violations.add(MAIN.relativize(file) + " imports " + imported);
        }
      }
    }
    assertEquals(Set.of(), violations,
        "Vert.x internals belong behind a helper in guard (VertxInternals), with a comment saying"
            + " why there is no public API");
  }

  @Test
  void everyPackageSaysWhatItIs() {
    Set<Path> folders = sources().stream().map(Path::getParent).collect(Collectors.toSet());
    Set<String> missing = new TreeSet<>();
    for (Path folder : folders) {
      if (!Files.isRegularFile(folder.resolve("package-info.java"))) {
        missing.add(MAIN.relativize(folder).toString());
      }
    }
    assertEquals(Set.of(), missing);
    assertTrue(folders.size() > 10, "found the sources: " + folders.size() + " packages");
  }

  private static List<Path> sources() {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(f -> f.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String topPackage(Path file) {
    Path relative = MAIN.relativize(file);
    return relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
  }

  private static List<String> imports(Path file) {
    try {
      Matcher m = IMPORT.matcher(Files.readString(file));
      return m.results().map(r -> r.group(1)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
