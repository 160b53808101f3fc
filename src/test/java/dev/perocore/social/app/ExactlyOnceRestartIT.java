package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.JarProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 3, with real processes: a summoned private message stored before a SIGTERM, and
 * one stored before a kill -9, is each answered after the restart, exactly once. One SQLite file
 * (store.path) shared by four runs of the jar, each in its own folder (its own log):
 * stop before answering (summons wait an hour) — restart and answer — again before a kill -9 —
 * restart and answer that one only.
 */
class ExactlyOnceRestartIT {

  private static final long SELF_ID = 10001;

  @TempDir Path dir;

  private Map<String, String> env(String summon) {
    Map<String, String> env = new HashMap<>();
    env.put("SOCIAL_STORE_PATH", dir.resolve("shared.db").toString());
    env.put("SOCIAL_BRAIN_KIND", "echo");
    env.put("SOCIAL_SESSION_SUMMON_PRIVATE", summon);
    env.put("SOCIAL_SESSION_IDLE_FLUSH", "1h");
    env.put("SOCIAL_REPLY_TYPING_MAX", "0s");
    return env;
  }

  @Test
  void summonedMessagesStoredBeforeSigtermAndKillAreAnsweredOnceAfterTheRestart()
      throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      // Run 1: stored, not answered (the summon waits an hour), then SIGTERM.
      try (JarProcess run = JarProcess.start(folder("run1"), env("1h"))) {
        run.awaitReady(Duration.ofSeconds(60));
        OneBotSimulator bot = connect(vertx, run);
        await(bot.send(bot.privateMessage(61, "stored before SIGTERM")));
        poll("stored before SIGTERM", () -> rows("SELECT count(*) FROM messages WHERE peer_id = 61"
            + " AND status = 'received'") == 1);
        assertEquals(0, run.terminate(Duration.ofSeconds(60)), run.output());
        assertTrue(run.output().contains("1 message(s) of 1 session(s) (1 summoned) left for the"
            + " next start"), run.output());
        assertTrue(bot.actionsReceived("send_private_msg").isEmpty());
      }

      // Run 2: answers it once.
      try (JarProcess run = JarProcess.start(folder("run2"), env("200ms"))) {
        run.awaitReady(Duration.ofSeconds(60));
        OneBotSimulator bot = connect(vertx, run);
        poll("the SIGTERM one answered", () -> consumed(61));
        poll("its reply sent", () -> bot.actionsReceived("send_private_msg").size() == 1);
        assertEquals(61L, userOf(bot.actionsReceived("send_private_msg").get(0)));
        assertTrue(run.output().contains("re-buffered 1 message(s) (1 summoning) of 1 session(s)"),
            run.output());
        assertEquals(0, run.terminate(Duration.ofSeconds(60)), run.output());
      }

      // Run 3: stored, not answered, then kill -9.
      try (JarProcess run = JarProcess.start(folder("run3"), env("1h"))) {
        run.awaitReady(Duration.ofSeconds(60));
        assertFalse(run.output().contains("re-buffered"), "run 2 answered everything owed");
        OneBotSimulator bot = connect(vertx, run);
        await(bot.send(bot.privateMessage(62, "stored before kill -9")));
        poll("stored before kill -9", () -> rows("SELECT count(*) FROM messages WHERE peer_id = 62"
            + " AND status = 'received'") == 1);
      } // close(): SIGKILL, no drain, no stop line

      // Run 4: answers the killed one, and not the SIGTERM one a second time.
      try (JarProcess run = JarProcess.start(folder("run4"), env("200ms"))) {
        run.awaitReady(Duration.ofSeconds(60));
        OneBotSimulator bot = connect(vertx, run);
        poll("the kill -9 one answered", () -> consumed(62));
        poll("its reply sent", () -> bot.actionsReceived("send_private_msg").size() >= 1);
        // The re-buffer read happens before the shards take events: its line is final.
        assertTrue(run.output().contains("re-buffered 1 message(s) (1 summoning) of 1 session(s)"),
            run.output());
        assertEquals(0, run.terminate(Duration.ofSeconds(60)), run.output());
        List<JsonObject> sends = bot.actionsReceived("send_private_msg");
        assertEquals(1, sends.size(), sends.toString());
        assertEquals(62L, userOf(sends.get(0)));
      }
      assertEquals(2, rows("SELECT count(*) FROM messages WHERE status = 'sent'"),
          "one reply per summoned message over four runs");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private Path folder(String name) throws java.io.IOException {
    return java.nio.file.Files.createDirectories(dir.resolve(name));
  }

  private static OneBotSimulator connect(Vertx vertx, JarProcess run) throws Exception {
    OneBotSimulator bot = new OneBotSimulator(vertx, SELF_ID).heartbeat(Duration.ZERO);
    await(bot.connectUniversal(run.httpPort, OneBotGatewayVerticle.PATH_UNIVERSAL));
    return bot;
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static long userOf(JsonObject action) {
    return action.getJsonObject("params").getLong("user_id");
  }

  private boolean consumed(long peer) {
    return rows("SELECT count(*) FROM messages WHERE peer_id = " + peer
        + " AND status = 'received' AND consumed_at IS NOT NULL") == 1;
  }

  private long rows(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shared.db"));
        PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (java.sql.SQLException e) {
      return -1; // not created yet, or busy: poll again
    }
  }

  /** Polls from the test thread (a JUnit thread, not an event loop), up to 30 s. */
  private static void poll(String what, BooleanSupplier done) throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("gave up waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }
}
