package dev.perocore.social.session;

import static dev.perocore.social.session.SessionHarness.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.impl.Shard;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 3, over real WebSockets and a real SQLite file: which messages a reply (or a
 * pass) consumed is recorded in the store, so a restart answers what was summoned and never
 * answered — once — and a redelivery is answered only if it was never consumed.
 */
class ExactlyOnceTest {

  @TempDir Path dir;

  /** A summon that waits an hour: the message is stored, then the service stops unanswered. */
  private static SessionConfig neverInTime() {
    return SessionHarness.fast().with("session.summon_private", "1h")
        .with("session.idle_flush", "1h").session();
  }

  @Test
  void aSummonedMessageLeftUnansweredAtStopIsAnsweredOnceAfterTheRestart() throws Exception {
    try (LogCapture shardLog = LogCapture.of(Shard.class)) {
      try (SessionHarness before = SessionHarness.echo(dir, neverInTime())) {
        before.send(before.sim.privateMessage(91, "answer me after the restart"));
        // 60 s old: fresh under stale_after 2m when it arrives, stale under 30s at the restart.
        long now = System.currentTimeMillis() / 1000;
        before.send(before.sim.privateMessage(92, "too old by the restart").put("time", now - 60));
        before.waitForRows("stored", ChatKey.privateChat(SELF, 91), rows -> rows.size() == 1);
        before.waitForRows("stored", ChatKey.privateChat(SELF, 92), rows -> rows.size() == 1);
        before.waitFor("appends ended", () -> before.sessionTasksInFlight() == 0);
        assertEquals(0.0, before.replies("sent"));
      }
      // One stop line per shard that held something: 2 summoned messages left, none dropped.
      assertEquals(2, leftSummoned(shardLog), shardLog.lines().toString());
    }

    SessionConfig restarted = SessionHarness.fast().with("session.stale_after", "30s").session();
    try (SessionHarness after = SessionHarness.echo(dir, restarted)) {
      after.waitFor("the summoned message answered", () -> after.replies("sent") == 1);
      assertEquals(1.0, after.counter("social.session.rebuffered.messages", "source", "startup"));
      after.waitFor("flights ended", () -> after.sessionTasksInFlight() == 0);
      assertEquals(1, after.sends("send_private_msg").size());
      assertEquals(91L, after.sends("send_private_msg").get(0).getJsonObject("params")
          .getLong("user_id"));
      assertEquals(1, after.sqlCount("SELECT count(*) FROM messages WHERE status = 'received'"
          + " AND consumed_at IS NOT NULL"), "the answered one is consumed, the stale one not");
    }

    // A third start owes nothing: the shards read the store before they take events.
    try (SessionHarness again = SessionHarness.echo(dir, restarted)) {
      assertEquals(0.0, again.counter("social.session.rebuffered.messages", "source", "startup"));
      again.send(again.sim.privateMessage(93, "a fresh one"));
      again.waitFor("the fresh one answered", () -> again.replies("sent") == 1);
      again.waitFor("flights ended", () -> again.sessionTasksInFlight() == 0);
      assertEquals(1, again.sends("send_private_msg").size(), "only the fresh message");
      assertEquals(93L, again.sends("send_private_msg").get(0).getJsonObject("params")
          .getLong("user_id"));
    }
  }

  /**
   * A flush whose brain failed lets its messages go: the session has moved on (the next flush
   * shows them as history), so a restart within stale_after must not answer them, late and after
   * the reply to what came next (an audit saw that ghost reply ~50 s late).
   */
  @Test
  void aMessageWhoseBrainFailedIsNotAnsweredAfterARestart() throws Exception {
    try (SessionHarness before = SessionHarness.withTestBrain(dir, SessionHarness.fast().session(),
        Duration.ofSeconds(2))) {
      before.testBrain.behaviour = TestBrain.Behaviour.FAIL;
      before.send(before.sim.privateMessage(96, "the brain fails on this one"));
      before.waitFor("the flush failed", () -> before.replies("error") == 1);
      before.waitForOnTestThread("let go", () -> before.sqlCount("SELECT count(*) FROM messages"
          + " WHERE status = 'received' AND consumed_at IS NOT NULL") == 1);
      before.waitFor("tasks ended", () -> before.sessionTasksInFlight() == 0);
      assertEquals(0, before.sends("send_private_msg").size());
    }
    try (SessionHarness after = SessionHarness.echo(dir, SessionHarness.fast().session())) {
      assertEquals(0.0, after.counter("social.session.rebuffered.messages", "source", "startup"));
      after.send(after.sim.privateMessage(97, "and this one is answered"));
      after.waitFor("the new one answered", () -> after.replies("sent") == 1);
      after.waitFor("flights ended", () -> after.sessionTasksInFlight() == 0);
      assertEquals(1, after.sends("send_private_msg").size(), "only the new message");
      assertTrue(after.sends("send_private_msg").get(0).encode()
          .contains("and this one is answered"), after.sends("send_private_msg").toString());
    }
  }

  /**
   * After a restart NapCat reconnects seconds later: the answer owed waits for the bot. Before the
   * fix the summon timer fired at start-up, the send failed ("never connected"), the message was
   * marked answered all the same, and no reply ever went (ExactlyOnceRestartIT saw it as "gave up
   * waiting for: its reply sent" on a loaded machine).
   */
  @Test
  void anAnswerOwedAtStartUpWaitsForItsBotToConnect() throws Exception {
    try (SessionHarness before = SessionHarness.echo(dir, neverInTime())) {
      before.send(before.sim.privateMessage(95, "answer me once the bot is back"));
      before.waitForRows("stored", ChatKey.privateChat(SELF, 95), rows -> rows.size() == 1);
      before.waitFor("appends ended", () -> before.sessionTasksInFlight() == 0);
    }
    SessionConfig quick = SessionHarness.fast().with("session.summon_private", "10ms").session();
    try (LogCapture shardLog = LogCapture.of(Shard.class);
        SessionHarness after = SessionHarness.echoBotLater(dir, quick)) {
      after.waitFor("re-buffered", () -> after.counter("social.session.rebuffered.messages",
          "source", "startup") == 1.0);
      // Many summon delays with the bot away: nothing may be flushed, consumed or sent meanwhile.
      Thread.sleep(300);
      assertEquals(0, after.sqlCount("SELECT count(*) FROM messages WHERE consumed_at IS NOT NULL"),
          "nothing answered while the bot is away");
      after.connectBot();
      after.waitFor("answered once the bot connected", () -> after.replies("sent") == 1);
      after.waitFor("flights ended", () -> after.sessionTasksInFlight() == 0);
      assertEquals(1, after.sends("send_private_msg").size());
      assertTrue(shardLog.lines().stream().anyMatch(line -> line.contains("bot " + SELF
          + " connected: answering the 1 re-buffered session(s)")), shardLog.lines().toString());
    }
  }

  /** A bot that comes back later than session.stale_after finds its owed answers gone stale. */
  @Test
  void anAnswerOwedGoesStaleIfItsBotComesBackTooLate() throws Exception {
    long sent = System.currentTimeMillis() / 1000 - 2;
    try (SessionHarness before = SessionHarness.echo(dir, neverInTime())) {
      before.send(before.sim.privateMessage(96, "answer me soon").put("time", sent));
      before.waitForRows("stored", ChatKey.privateChat(SELF, 96), rows -> rows.size() == 1);
      before.waitFor("appends ended", () -> before.sessionTasksInFlight() == 0);
    }
    // Fresh at the restart (8 s), stale by the time the bot connects.
    SessionConfig quick = SessionHarness.fast().with("session.summon_private", "10ms")
        .with("session.stale_after", "8s").session();
    try (LogCapture shardLog = LogCapture.of(Shard.class);
        SessionHarness after = SessionHarness.echoBotLater(dir, quick)) {
      after.waitFor("re-buffered", () -> after.counter("social.session.rebuffered.messages",
          "source", "startup") == 1.0);
      after.waitFor("stale by now", () -> System.currentTimeMillis() / 1000 > sent + 9);
      after.connectBot();
      after.waitFor("the connect heard", () -> shardLog.lines().stream()
          .anyMatch(line -> line.contains("1 more went stale meanwhile")));
      after.send(after.sim.privateMessage(97, "a fresh one"));
      after.waitFor("the fresh one answered", () -> after.replies("sent") == 1);
      after.waitFor("flights ended", () -> after.sessionTasksInFlight() == 0);
      assertEquals(1, after.sends("send_private_msg").size());
      assertEquals(97L, after.sends("send_private_msg").get(0).getJsonObject("params")
          .getLong("user_id"), "only the fresh one");
    }
  }

  private static int leftSummoned(LogCapture log) {
    Pattern left = Pattern.compile("stopped: .* left for the next start");
    Pattern summoned = Pattern.compile("\\((\\d+) summoned\\)");
    int total = 0;
    for (String line : log.lines()) {
      if (left.matcher(line).find()) {
        Matcher m = summoned.matcher(line);
        assertTrue(m.find(), line);
        total += Integer.parseInt(m.group(1));
      }
    }
    return total;
  }

  @Test
  void aRedeliveryNeverConsumedIsAnsweredOnceAndAConsumedOneIsNot() throws Exception {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      JsonObject event = h.sim.privateMessage(94, "stored by a run that stopped before answering");
      ChatKey key = ChatKey.privateChat(SELF, 94);
      // What an earlier run left: the row, stored, never consumed.
      MessageRow row = MessageRow.received(key, event.getLong("message_id"), 94, "u94",
          "stored by a run that stopped before answering", "[]",
          Instant.ofEpochSecond(event.getLong("time")), Instant.now(), null);
      assertEquals(AppendResult.STORED, OnContext.await(h.realStore().append(row)));

      h.send(event); // NapCat redelivers it
      h.waitFor("the redelivery answered", () -> h.replies("sent") == 1);
      assertEquals(1.0, h.counter("social.session.rebuffered.messages", "source", "redelivery"));
      h.waitFor("flight ended", () -> h.sessionTasksInFlight() == 0);
      assertEquals(1, h.sqlCount("SELECT count(*) FROM messages WHERE status = 'received'"
          + " AND consumed_at IS NOT NULL"));

      h.send(event.copy()); // and once more: now it was consumed
      h.waitFor("the second redelivery found stored", () -> h.counter("social.store.duplicates") == 2);
      h.waitFor("its append ended", () -> h.sessionTasksInFlight() == 0);
      assertEquals(1.0, h.replies("sent"));
      assertEquals(1, h.sends("send_private_msg").size());
      assertEquals(1, h.count(h.messages(key), MessageStatus.RECEIVED));
    }
  }

  @Test
  void aMessageRefusedByTheStoreAndSentAgainIsStoredAndAnsweredOnce() throws Exception {
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fastConfig(),
        java.time.Duration.ofSeconds(5))) {
      String text = "refused, then resent";
      h.store.refuseOnceContaining.add(text);
      JsonObject event = h.sim.privateMessage(95, text);
      h.send(event);
      h.waitFor("the first append refused", () -> h.store.refused.get() == 1);
      // Something else in the chat is answered before the resend comes: a separate flush.
      h.send(h.sim.privateMessage(95, "meanwhile"));
      h.waitFor("the first reply", () -> h.replies("sent") == 1);
      h.send(event.copy());
      h.waitFor("the second reply", () -> h.replies("sent") == 2);
      h.waitFor("flights ended", () -> h.sessionTasksInFlight() == 0);
      long asked = h.testBrain.requests.stream()
          .filter(r -> r.messages().stream().anyMatch(line -> line.text().equals(text))).count();
      assertEquals(1, asked, "the refused message reaches the brain once (on its resend)");
      assertEquals(2, h.count(h.messages(ChatKey.privateChat(SELF, 95)), MessageStatus.RECEIVED));
      assertEquals(2, h.sqlCount("SELECT count(*) FROM messages WHERE status = 'received'"
          + " AND consumed_at IS NOT NULL"));
    }
  }
}
