package dev.perocore.social.app;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure, never refusal (issue 12): the service as assembled, its store slowed on purpose
 * (the database write-locked by another connection, as another process would), and a burst of
 * messages ten times {@code store.queue_max}. Every message ends up stored, none is refused, the
 * gateway paused the socket and resumed it, and the heartbeats that arrived during the pause were
 * read after it — the bot never counted as silent, its connection never closed as unresponsive.
 * With {@code brain.kind none} nothing follows the store: no flush, no context read.
 */
class BurstBackpressureTest {

  private static final long SELF = 30001;
  private static final int BURST = 2_000;

  @TempDir Path dir;

  @Test
  void aBurstPastQueueMaxIntoALockedStoreIsPausedNotRefused() throws Exception {
    Path db = dir.resolve("social.db");
    JsonObject merged = ConfigLoader.defaults();
    ConfigLoader.overlay(merged, Map.ofEntries(
        Map.entry("http.port", 0), Map.entry("management.port", 0),
        Map.entry("store.path", db), Map.entry("store.busy_timeout", "50ms"),
        Map.entry("store.retry_backoff_max", "50ms"),
        Map.entry("store.queue_max", 200), Map.entry("store.queue_high_water", 300),
        Map.entry("store.queue_low_water", 50),
        Map.entry("brain.kind", "none"), Map.entry("session.store_timeout", "60s"),
        // A short ping: without the pause-aware watchdog the socket would be closed as
        // unresponsive (3 pings) long before the lock is released.
        Map.entry("onebot.ping_interval", "1s"), Map.entry("onebot.heartbeat_grace", 2)));
    AppConfig config = AppConfig.from(merged);
    // Appends wait seconds on purpose here: a stall warning for each would only be noise.
    GuardedVertx gv = GuardedVertx.with(TestConfig.guard(Map.of("guard.stall_after", "60s")));
    OneBotSimulator sim = new OneBotSimulator(gv.vertx, SELF).heartbeat(Duration.ofSeconds(1));
    try (LogCapture gatewayLog = LogCapture.of(OneBotGatewayVerticle.class);
        LogCapture pauseLog = LogCapture.of("dev.perocore.social.onebot.impl.SocketPause")) {
      ServiceAssembly assembly = new ServiceAssembly(config, gv.guard, gv.registry);
      await(gv.vertx.deployVerticle(new ServiceSupervisor(assembly.components(), gv.guard,
          assembly.readiness(), Duration.ofSeconds(2), assembly::stopReading)));
      await(sim.connectUniversal(assembly.servicePort(), OneBotGatewayVerticle.PATH_UNIVERSAL));
      waitFor(gv.vertx, "a heartbeat read", () -> heartbeats(gv) >= 1);

      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement lock = other.createStatement()) {
        lock.execute("BEGIN IMMEDIATE");   // the store can no longer commit
        Future<Void> burst = sim.blast(BURST,
            i -> sim.groupMessage(40_000 + i % 20, 50_000 + i % 97, "burst " + i).encode());
        waitFor(gv.vertx, "the sockets paused",
            () -> pauses(gv) >= 1);
        double heardBeforeResume = heartbeats(gv);
        // Held paused for longer than the watchdog's limits (3 pings, 2 heartbeat intervals).
        waitFor(gv.vertx, "paused for 4 s", () -> pausedSeconds(gv) >= 4);
        lock.execute("COMMIT");
        await(burst);
        await(Poll.until(gv.vertx, Duration.ofMillis(50), Duration.ofSeconds(60),
            "every message stored", () -> gv.vertx.executeBlocking(() -> count(db) == BURST)));
        waitFor(gv.vertx, "heartbeats read again after the pause",
            () -> heartbeats(gv) > heardBeforeResume);
      }

      // brain none is store-only: every message stored consumed; no flush, so no context read.
      assertEquals(BURST, count(db, "SELECT count(*) FROM messages WHERE consumed_at IS NOT NULL"));
      assertEquals(0.0, gv.counter("social.replies"));
      assertEquals(0.0, gv.counter("social.tasks", "kind", "session.flush"));
      assertEquals(0.0, gv.counter("social.tasks", "kind", "session.context.history"));
      assertEquals(0.0, gv.counter("social.tasks", "kind", "session.context.related"));
      assertEquals(BURST, count(db), "nothing lost");
      assertEquals(0.0, gv.counter("social.store.rejected"), "nothing refused");
      assertTrue(pauses(gv) >= 1);
      assertTrue(pausedSeconds(gv) >= 4);
      waitFor(gv.vertx, "resumed: below store.queue_low_water",
          () -> gv.gauge("social.store.queue.depth") <= 50);
      assertTrue(sim.connected(), "the connection stayed open");
      assertEquals(1.0, gv.gauge("social.onebot.connections", "role", "universal"));
      assertFalse(gatewayLog.contains("not even a pong"), "never closed as unresponsive");
      assertFalse(gatewayLog.contains("silent: no heartbeat"), "never counted silent");
      // The log says why messages come in late: the pause (with the keys to tune), and how long
      // it lasted when it ended.
      assertTrue(pauseLog.contains("OneBot sockets paused: more than 300 writes wait for SQLite",
          "store.queue_high_water", "reading resumes at 50 (store.queue_low_water)"),
          pauseLog.lines().toString());
      // Said on the thread that let the signal go, which may be a moment after the gauge fell.
      waitFor(gv.vertx, "the long pause said when it ended", () -> pauseLog.contains(
          "OneBot sockets read again after", "s paused: the store's queue stayed"));
      // The locked store held one pause for all those seconds: its length, not a sum of pauses.
      String said = pauseLog.lines().stream().filter(l -> l.contains("read again after"))
          .findFirst().orElseThrow();
      java.util.regex.Matcher length =
          java.util.regex.Pattern.compile("after (\\d+\\.\\d) s paused").matcher(said);
      assertTrue(length.find() && Double.parseDouble(length.group(1)) >= 4.0, said);
    } finally {
      await(sim.close());
      gv.close();
    }
  }

  private static double heartbeats(GuardedVertx gv) {
    return gv.counter("social.onebot.events", "post_type", "meta_event");
  }

  private static double pausedSeconds(GuardedVertx gv) {
    return functionCounter(gv, "social.onebot.paused.seconds");
  }

  private static double pauses(GuardedVertx gv) {
    return functionCounter(gv, "social.onebot.backpressure.pauses");
  }

  private static double functionCounter(GuardedVertx gv, String name) {
    var counter = gv.registry.find(name).functionCounter();
    return counter == null ? 0 : counter.count();
  }

  private static void waitFor(Vertx vertx, String what, Supplier<Boolean> condition) {
    await(Poll.until(vertx, Duration.ofMillis(20), Duration.ofSeconds(60), what,
        () -> Future.succeededFuture(condition.get())));
  }

  private static int count(Path db) {
    return count(db, "SELECT count(*) FROM messages");
  }

  private static int count(Path db, String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.getInt(1);
    } catch (SQLException e) {
      return -1;   // locked or not created yet: asked again
    }
  }
}
