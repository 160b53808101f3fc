package dev.perocore.social.onebot.event;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The tests read src/test/resources/onebot-v11, a copy of ../shared/fixtures/onebot-v11, so they run
 * without the shared folder. Where the shared folder is present (the workspace, the CI clone) the copy
 * must be identical to it, file for file.
 */
class FixtureCopiesTest {

  private static final Path SHARED = Path.of("..", "shared", "fixtures", "onebot-v11");

  @Test
  void copiesEqualTheSharedFixtures() throws IOException {
    assumeTrue(Files.isDirectory(SHARED),
        "shared fixtures not found at " + SHARED.toAbsolutePath().normalize()
            + " (run Maven from the repo root with shared/ beside it to compare the copies)");
    List<String> sharedNames;
    try (Stream<Path> files = Files.list(SHARED)) {
      sharedNames = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    }
    assertEquals(Fixtures.ALL.stream().sorted().toList(), sharedNames,
        "fixture list differs from " + SHARED + ": copy new files to src/test/resources/onebot-v11 and Fixtures.ALL");
    for (String name : sharedNames) {
      assertEquals(Files.readString(SHARED.resolve(name)), Fixtures.text(name),
          name + " differs from the shared copy: refresh src/test/resources/onebot-v11/" + name);
    }
  }
}
