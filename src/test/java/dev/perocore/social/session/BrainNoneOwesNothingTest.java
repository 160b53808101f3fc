package dev.perocore.social.session;

import static dev.perocore.social.session.SessionHarness.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.impl.Shard;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.OnContext;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code brain.kind: none} nobody will ever answer, so no later run owes an answer either:
 * a message stored under none is stored consumed, and a restart with a brain that answers (within
 * session.stale_after, over the same SQLite file) does not re-buffer it. The other way round, the
 * summoned messages a brain that answers left unanswered are marked consumed once when the shard
 * starts under none, not buffered, and are not answered by a later run either.
 */
class BrainNoneOwesNothingTest {

  @TempDir Path dir;

  /** Summon and idle timers an hour long: a summoned message is still buffered at stop. */
  private static SessionConfig slowSummon() {
    return SessionHarness.fast().with("session.summon_private", "1h")
        .with("session.idle_flush", "1h").session();
  }

  private static void stopShards(SessionHarness h) {
    // As the service stops: the sessions before the store (ServiceSupervisor's reverse order).
    for (String id : h.sessionDeployments) {
      OnContext.await(h.gv.vertx.undeploy(id));
    }
  }

  @Test
  void aSummonedMessageStoredUnderBrainNoneIsNotAnsweredAfterARestartWithEcho() throws Exception {
    try (LogCapture shardLog = LogCapture.of(Shard.class)) {
      try (SessionHarness none = BrainNoneStoreOnlyTest.none(dir, slowSummon())) {
        none.send(none.sim.privateMessage(81, "nobody answers this run"));
        none.waitForRows("stored", ChatKey.privateChat(SELF, 81), rows -> rows.size() == 1);
        // Consumed by the insert itself: nothing waits for the stop to let it go.
        assertEquals(1, none.sqlCount("SELECT count(*) FROM messages WHERE consumed_at IS NOT NULL"));
        none.waitFor("append ended", () -> none.sessionTasksInFlight() == 0);
        stopShards(none);
        assertEquals(0, none.store.consumeWrites.get(), "no consume write, at stop either");
      }
      assertTrue(shardLog.lines().stream().noneMatch(l -> l.contains("let go")
          || l.contains("left for the next start")), shardLog.lines().toString());
    }

    try (SessionHarness echo = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      assertEquals(0.0, echo.counter("social.session.rebuffered.messages", "source", "startup"));
      echo.send(echo.sim.privateMessage(82, "a fresh one"));
      echo.waitFor("the fresh one answered", () -> echo.replies("sent") == 1);
      echo.waitFor("flights ended", () -> echo.sessionTasksInFlight() == 0);
      assertEquals(1, echo.sends("send_private_msg").size(), "only the fresh message");
      assertEquals(82L, echo.sends("send_private_msg").get(0).getJsonObject("params")
          .getLong("user_id"));
    }
  }

  @Test
  void whatAnAnsweringBrainLeftOwedIsMarkedConsumedOnceAtAStartUnderNone() throws Exception {
    ChatKey chat = ChatKey.privateChat(SELF, 83);
    try (SessionHarness echo = SessionHarness.echo(dir, slowSummon())) {
      echo.send(echo.sim.privateMessage(83, "summoned, then the service stopped"));
      echo.send(echo.sim.privateMessage(83, "and a second one"));
      echo.waitForOnTestThread("stored",
          () -> echo.sqlCount("SELECT count(*) FROM messages") == 2);
      echo.waitFor("appends ended", () -> echo.sessionTasksInFlight() == 0);
      stopShards(echo);
      assertEquals(0, echo.sqlCount("SELECT count(*) FROM messages WHERE consumed_at IS NOT NULL"),
          "owed to the next start");
    }

    try (LogCapture shardLog = LogCapture.of(Shard.class)) {
      // The shards' start completes once the re-buffer step has marked them.
      try (SessionHarness none = BrainNoneStoreOnlyTest.none(dir, slowSummon())) {
        assertEquals(2, none.sqlCount("SELECT count(*) FROM messages WHERE consumed_at IS NOT NULL"),
            "let go at start, not buffered");
        assertEquals(1, none.store.consumeWrites.get(), "one consume write for the session, once");
        assertEquals(0.0, none.counter("social.session.rebuffered.messages"));
        assertTrue(none.shards.directory().list().stream().allMatch(s -> s.buffered() == 0),
            none.shards.directory().list().toString());
        stopShards(none);
        assertEquals(0, none.counter("social.session.flushes"), "no flight");
      }
      assertEquals(1, shardLog.lines().stream().filter(l -> l.contains("brain.kind none never"
          + " answers: 2 message(s) of 1 session(s) a previous run left unanswered let go"
          + " (marked consumed)")).count(), shardLog.lines().toString());
    }

    try (SessionHarness echo = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      assertEquals(0.0, echo.counter("social.session.rebuffered.messages", "source", "startup"));
      // An id of its own: a new simulator numbers from the same start, and within the same
      // second the first run's message would share this one's identity (a duplicate).
      echo.send(echo.sim.privateMessage(83, "a fresh one in the same chat")
          .put("message_id", 990_001));
      echo.waitFor("the fresh one answered", () -> echo.replies("sent") == 1);
      echo.waitFor("flights ended", () -> echo.sessionTasksInFlight() == 0);
      assertEquals(1, echo.sends("send_private_msg").size(), "only the fresh message");
      assertEquals(chat.peerId(), echo.sends("send_private_msg").get(0).getJsonObject("params")
          .getLong("user_id"));
    }
  }
}
