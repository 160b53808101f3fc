package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.JarProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while the real jar is still starting is a stop, not a failed start: the start-up ends
 * (nothing further is deployed), what did deploy stops in reverse, and the process exits 0 with
 * {@code stopped cleanly}. The start-up is held after the store by a test hook
 * ({@code -Dsocial.test.hold_startup_after=store}) so that the signal lands at a known point.
 */
class StopDuringStartupIT {

  private static final Duration START = Duration.ofSeconds(90);

  @Test
  void sigtermAfterTheStoreStartedStopsItCleanlyAndDeploysNothingMore(@TempDir Path dir)
      throws Exception {
    try (JarProcess service = JarProcess.start(dir, Map.of(),
        List.of("-D" + SocialApplication.HOLD_STARTUP_AFTER + "=store"))) {
      awaitLine(service, "start-up held after store");
      assertEquals(0, service.terminate(START), service.output());
      String output = service.output();
      assertEquals(1, count(output, "SIGTERM received"), output);
      assertTrue(output.contains("stopped during start-up: 2 of "), output);
      assertTrue(output.contains("stopped store in "), output);
      assertTrue(output.contains("social.db closed"), output);
      assertTrue(output.contains("stopped management-server in "), output);
      assertTrue(output.contains("stopped cleanly"), output);
      assertFalse(output.contains("start-up failed"), output);
      assertFalse(output.contains(" ERROR "), output);
      // Nothing after the store was started: no gateway, no sessions, no service port.
      assertFalse(output.contains("OneBot gateway started"), output);
      assertFalse(output.contains("service server on"), output);
      assertFalse(output.contains("ready: "), output);
    }
  }

  /** Before the config is even read (the JVM's first second): said, and exit 0, not 143. */
  @Test
  void sigtermBeforeTheConfigIsReadIsAStopBeforeAnythingWasDeployed(@TempDir Path dir)
      throws Exception {
    try (JarProcess service = JarProcess.start(dir, Map.of(),
        List.of("-D" + SocialApplication.HOLD_STARTUP_AFTER + "=signals"))) {
      awaitLine(service, "start-up held after signals");
      assertEquals(0, service.terminate(START), service.output());
      String output = service.output();
      assertTrue(output.contains("SIGTERM received: stopped during start-up, before anything was"
          + " deployed"), output);
      assertFalse(output.contains(" ERROR "), output);
    }
  }

  @Test
  void aSecondSignalWhileStoppingChangesNothing(@TempDir Path dir) throws Exception {
    try (JarProcess service = JarProcess.start(dir, Map.of(),
        List.of("-D" + SocialApplication.HOLD_STARTUP_AFTER + "=management-server"))) {
      awaitLine(service, "start-up held after management-server");
      service.signal("INT");
      service.signal("TERM");
      assertEquals(0, service.awaitExit(START), service.output());
      String output = service.output();
      // One stop, whichever signal the JVM handled first; the other changes nothing.
      assertEquals(1, count(output, "received: stopping"), output);
      assertEquals(1, count(output, "stopped cleanly"), output);
      assertFalse(output.contains(" ERROR "), output);
    }
  }

  private static void awaitLine(JarProcess service, String line) throws InterruptedException {
    long giveUp = System.nanoTime() + START.toNanos();
    while (!service.output().contains(line)) {
      if (!service.alive() || System.nanoTime() > giveUp) {
        throw new AssertionError("never logged \"" + line + "\":\n" + service.output());
      }
      Thread.sleep(50);
    }
  }

  private static long count(String output, String text) {
    return output.lines().filter(l -> l.contains(text)).count();
  }
}
