package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.JarProcess;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar failing to start as operators meet it: each class of failure exits with its own
 * documented status and says so in one line naming the cause, the key and the fix, without a stack
 * trace (unless log.level is DEBUG) and without a second error after it.
 */
class StartupFailuresJarIT {

  private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d{2}-\\d{2} ");

  private static final Duration EXIT = Duration.ofSeconds(90);

  @Test
  void aPortInUseExitsThreeNamingThePortItsKeyAndTheFix(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        JarProcess service = JarProcess.start(dir,
            Map.of("SOCIAL_HTTP_PORT", Integer.toString(taken.getLocalPort())))) {
      assertEquals(3, service.awaitExit(EXIT), service.output());
      String line = theOnlyError(service.output());
      assertTrue(line.contains("start-up failed (exit 3): http.port " + taken.getLocalPort()
          + " on 127.0.0.1 is already in use"), line);
      assertTrue(line.contains("fix: ") && line.contains("SOCIAL_HTTP_PORT"), line);
    }
  }

  /** A host that does not resolve is the host row of the table (exit 3), not a bug (exit 1). */
  @Test
  void aHostThatDoesNotResolveExitsThreeNamingItsKey(@TempDir Path dir) throws Exception {
    try (JarProcess service = JarProcess.start(dir,
        Map.of("SOCIAL_MANAGEMENT_HOST", "not-a-host.invalid"))) {
      assertEquals(3, service.awaitExit(EXIT), service.output());
      String line = theOnlyError(service.output());
      assertTrue(line.contains("start-up failed (exit 3): management.host not-a-host.invalid does"
          + " not resolve"), line);
      assertTrue(line.contains("fix: ") && line.contains("SOCIAL_MANAGEMENT_HOST"), line);
    }
  }

  @Test
  void anUnwritableDatabaseExitsFour(@TempDir Path dir) throws Exception {
    // A file where the database's folder should be: unwritable even for root, which tests run as.
    Files.writeString(dir.resolve("data"), "not a folder");
    try (JarProcess service = JarProcess.start(dir, Map.of())) {
      assertEquals(4, service.awaitExit(EXIT), service.output());
      String line = theOnlyError(service.output());
      assertTrue(line.contains("store.path data/social.db: cannot create the folder"), line);
      assertTrue(line.contains("fix: "), line);
    }
  }

  @Test
  void aCorruptDatabaseExitsFivePointingAtTheBackups(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/social.db"), "garbage where the database was ".repeat(200));
    try (JarProcess service = JarProcess.start(dir, Map.of())) {
      assertEquals(5, service.awaitExit(EXIT), service.output());
      String line = theOnlyError(service.output());
      assertTrue(line.contains("store.path data/social.db: the database is corrupt"), line);
      assertTrue(line.contains("data/backups"), line);
    }
  }

  @Test
  void aDatabaseFromANewerBuildExitsSix(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("data"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/social.db"));
        Statement st = c.createStatement()) {
      st.execute("PRAGMA user_version = 999");
    }
    try (JarProcess service = JarProcess.start(dir, Map.of())) {
      assertEquals(6, service.awaitExit(EXIT), service.output());
      String line = theOnlyError(service.output());
      assertTrue(line.contains("schema version 999, newer than this build's"), line);
    }
  }

  @Test
  void atDebugTheStackTraceFollowsTheLine(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/social.db"), "garbage where the database was ".repeat(200));
    try (JarProcess service = JarProcess.start(dir, Map.of("SOCIAL_LOG_LEVEL", "DEBUG"))) {
      assertEquals(5, service.awaitExit(EXIT), service.output());
      assertTrue(service.output().contains("start-up failure, full stack trace"), service.output());
      assertTrue(service.output().lines().anyMatch(l -> l.startsWith("\tat ")), service.output());
    }
  }

  @Test
  void anUnknownSocialVariableExitsTwoNamingTheNearestKeyNeverTheValue(@TempDir Path dir)
      throws Exception {
    try (JarProcess service = JarProcess.start(dir, Map.of("SOCIAL_LLM_API_KEY", "sk-secret-4711"))) {
      assertEquals(2, service.awaitExit(EXIT), service.output());
      List<String> lines = service.output().lines().filter(l -> !l.isBlank()).toList();
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains("SOCIAL_LLM_API_KEY"), lines.get(0));
      assertTrue(lines.get(0).contains("did you mean SOCIAL_BRAIN_LLM_API_KEY"), lines.get(0));
      assertFalse(service.output().contains("sk-secret-4711"), service.output());
    }
  }

  @Test
  void versionPrintsTheBuildsVersion(@TempDir Path dir) throws Exception {
    try (JarProcess service = JarProcess.start(dir, Map.of(), "version")) {
      assertEquals(0, service.awaitExit(EXIT), service.output());
      String expected = System.getProperty("social.version", "");
      assertTrue(service.output().startsWith("social-adapter " + expected + " (Java "),
          service.output());
      assertFalse(expected.isEmpty(), "failsafe passes social.version");
    }
  }

  /**
   * log.format json end to end: every line the jar writes is one JSON object with a zoned
   * timestamp, the start-up line carries the version, the LLM's URL and model but not its key, and a
   * 404 on the service port is logged with its path.
   */
  @Test
  void jsonLogsFromTheJarAreOneObjectPerLineAndA404IsLoggedWithItsPath(@TempDir Path dir)
      throws Exception {
    try (JarProcess service = JarProcess.start(dir, Map.of(
        "SOCIAL_LOG_FORMAT", "json",
        "SOCIAL_BRAIN_LLM_BASE_URL", "http://127.0.0.1:9/v1",
        "SOCIAL_BRAIN_LLM_MODEL", "test-model",
        "SOCIAL_BRAIN_LLM_API_KEY", "sk-secret-4711"))) {
      service.awaitReady(Duration.ofSeconds(90));
      assertEquals(404, service.get(service.httpPort, "/onebot/wrong/ws").statusCode());
      long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!service.output().contains("/onebot/wrong/ws") && System.nanoTime() < giveUp) {
        Thread.sleep(50);
      }
      assertEquals(0, service.terminate(Duration.ofSeconds(30)), service.output());
      String output = service.output();
      assertFalse(output.contains("sk-secret-4711"), output);
      List<JsonObject> lines = output.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
      for (JsonObject line : lines) {
        OffsetDateTime.parse(line.getString("timestamp")); // with its offset, or this throws
        assertTrue(line.containsKey("level") && line.containsKey("loggerName")
            && line.containsKey("threadName") && line.containsKey("formattedMessage"), line.encode());
      }
      String start = lines.stream().map(l -> l.getString("formattedMessage"))
          .filter(m -> m.startsWith("social-adapter ")).findFirst().orElse("(no start-up line)");
      assertTrue(start.startsWith("social-adapter " + System.getProperty("social.version")), start);
      assertTrue(start.contains("brain llm http://127.0.0.1:9/v1 model test-model"), start);
      assertTrue(lines.stream().anyMatch(l -> l.getString("formattedMessage")
          .startsWith("404 GET /onebot/wrong/ws from 127.0.0.1")), output);
    }
  }

  /** The one WARN/ERROR line naming the failure; nothing at WARN or above besides, no stack. */
  private static String theOnlyError(String output) {
    List<String> errors = output.lines().filter(l -> l.contains(" ERROR ")).toList();
    assertEquals(1, errors.size(), "exactly one error line:\n" + output);
    assertFalse(failureStackLines(output), "no stack trace:\n" + output);
    return errors.get(0);
  }

  /**
   * Whether a stack trace was printed for the failure. The loop guard's report of a loop blocked
   * at start-up (a loaded machine: class loading took over 200 ms) carries the blocked thread's
   * stack by design; it is the machine's diagnosis, not the failure's, so its lines are skipped.
   */
  private static boolean failureStackLines(String output) {
    boolean inBlockedReport = false;
    for (String line : output.lines().toList()) {
      if (LOG_LINE.matcher(line).lookingAt()) {
        inBlockedReport = line.contains(" blocked for ") && line.endsWith("its stack:");
      } else if (!inBlockedReport && (line.startsWith("\tat ") || line.startsWith("Caused by"))) {
        return true;
      }
    }
    return false;
  }
}
