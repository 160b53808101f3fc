package dev.perocore.social.session;

import static dev.perocore.social.session.SessionHarness.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.session.impl.Shard;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code brain.kind: none} a message costs the store and nothing after it: stored already
 * consumed (consumed_at written by the INSERT, no UPDATE later), never buffered, no timer, no
 * flight, nothing let go at stop; the session's state is still kept for the console.
 */
class BrainNoneStoreOnlyTest {

  @TempDir Path dir;

  static SessionHarness none(Path dir, SessionConfig config) {
    return new SessionHarness(dir, config, TestConfig.brain(Map.of("brain.kind", "none")),
        Duration.ofSeconds(5), Duration.ofSeconds(2));
  }

  @Test
  void everyMessageIsStoredConsumedAndNothingIsBufferedFlushedOrLetGo() throws Exception {
    // Timers an hour long: had the messages been buffered, the buffers would still hold them all
    // when this test looks, and the stop would have to let them go.
    // Proactive scans on and frequent: under none they are never started (each would only pass).
    SessionConfig config = SessionHarness.fast().with("session.summon_private", "1h")
        .with("session.summon_group", "1h").with("session.idle_flush", "1h")
        .with("proactive.enabled", true).with("proactive.group_interval", "50ms")
        .with("proactive.private_interval", "50ms").with("proactive.quiet_hours", "")
        .session();
    try (LogCapture shardLog = LogCapture.of(Shard.class)) {
      try (SessionHarness h = none(dir, config)) {
        int sent = 0;
        for (int round = 0; round < 4; round++) {
          for (long user : List.of(81L, 82L, 83L)) {
            h.send(h.sim.privateMessage(user, "private " + round)); // every one summons
            sent++;
          }
          for (long group : List.of(501L, 502L)) {
            h.send(h.sim.groupMention(group, 91, "mention " + round));
            h.send(h.sim.groupMessage(group, 92, "chatter " + round));
            sent += 2;
          }
        }
        JsonObject own = h.sim.privateMessage(45, "the bot's own")
            .put("post_type", "message_sent").put("user_id", SELF).put("target_id", 45);
        own.getJsonObject("sender").put("user_id", SELF);
        h.send(own);
        long total = sent + 1;
        h.waitForOnTestThread("all stored",
            () -> h.sqlCount("SELECT count(*) FROM messages") == total);
        h.waitFor("appends ended", () -> h.sessionTasksInFlight() == 0);

        assertEquals(total, h.sqlCount("SELECT count(*) FROM messages WHERE status = 'received'"
            + " AND consumed_at = received_at"), "stored consumed, on arrival");
        assertEquals(total, h.counter("social.tasks", "kind", Shard.KIND_APPEND, "outcome",
            "success"), "every append a success");
        List<SessionDirectory.Entry> sessions = h.shards.directory().list();
        assertEquals(6, sessions.size(), "3 private chats, 2 groups, the bot's own chat with 45");
        for (SessionDirectory.Entry s : sessions) {
          assertEquals(0, s.buffered(), s.toString());
          assertEquals("idle", s.state(), s.toString());
          assertTrue(s.lastActivityMillis() > 0, s.toString());
        }
        assertNothingAfterTheStore(h);

        // As the service stops: the sessions before the store (ServiceSupervisor's order).
        for (String id : h.sessionDeployments) {
          OnContext.await(h.gv.vertx.undeploy(id));
        }
        assertNothingAfterTheStore(h);
      }
      assertTrue(shardLog.lines().stream().anyMatch(l -> l.contains("proactive: brain.kind is"
          + " none, so proactive.enabled has no effect")), shardLog.lines().toString());
      assertTrue(shardLog.lines().stream().noneMatch(l -> l.contains("let go")
          || l.contains("left for the next start")), shardLog.lines().toString());
    }
  }

  /** No flush, reply, consume write or summary: the counters and the store spy say so. */
  private static void assertNothingAfterTheStore(SessionHarness h) {
    assertEquals(0, h.counter("social.session.flushes"), "flushes");
    assertEquals(0, h.counter("social.replies"), "reply outcomes");
    assertEquals(0, h.counter("social.tasks", "kind", Shard.KIND_FLUSH), "flights");
    assertEquals(0, h.counter("social.tasks", "kind", Shard.KIND_CONSUME), "consume tasks");
    assertEquals(0, h.counter("social.tasks", "kind", Shard.KIND_SUMMARY), "summaries");
    assertEquals(0, h.store.consumeWrites.get(), "consume writes");
  }
}
