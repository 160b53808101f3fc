package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.SentText;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Points 3-5: idle, size and summon triggers on short configured timers, one flush in flight,
 * queue vs preempt, per-bot policy and group modes, eviction.
 */
class BufferPolicyTest {

  static final long SELF = SessionHarness.SELF;

  @TempDir
  Path dir;

  private static List<String> texts(BrainRequest request) {
    return request.messages().stream().map(ChatLine::text).toList();
  }

  @Test
  void idleTimerFlushesAfterTheLastMessage() {
    SessionConfig config = SessionHarness.fast()
        .with("session.idle_flush", "200ms").with("session.max_buffer", 10)
        .with("session.summon_private", "30s").with("session.summon_group", "30s").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      h.send(h.sim.groupMessage(800, 1, "a"));
      h.send(h.sim.groupMessage(800, 2, "b"));
      h.waitFor("idle flush", () -> h.flushes("idle") == 1 && h.testBrain.requests.size() == 1);
      assertEquals(List.of("a", "b"), texts(h.testBrain.requests.get(0)));
      assertEquals(BrainRequest.Mode.OBSERVING, h.testBrain.requests.get(0).mode());
    }
  }

  /**
   * The store may end appends out of order (a retried batch, a timeout): the brain still sees the
   * messages in the order they arrived. The first message's append is held until the second's has
   * committed.
   */
  @Test
  void messagesReachTheBrainInArrivalOrderWhateverOrderTheirAppendsEnd() {
    SessionConfig config = SessionHarness.fast()
        .with("session.idle_flush", "200ms").with("session.max_buffer", 10)
        .with("session.summon_private", "30s").with("session.summon_group", "30s").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      h.store.holdAppendsContaining.add("first");
      h.send(h.sim.groupMessage(806, 1, "first"));
      h.waitFor("the first append held", () -> h.store.holdsAppend("first"));
      h.send(h.sim.groupMessage(806, 2, "second"));
      h.waitForRows("the second committed first", ChatKey.group(SELF, 806),
          rows -> rows.size() == 1);
      h.store.releaseAppend("first");
      h.waitFor("idle flush", () -> h.flushes("idle") == 1 && h.testBrain.requests.size() == 1);
      assertEquals(List.of("first", "second"), texts(h.testBrain.requests.get(0)));
    }
  }

  @Test
  void aFullBufferFlushesAtOnce() {
    SessionConfig config = SessionHarness.fast()
        .with("session.idle_flush", "30s").with("session.max_buffer", 3)
        .with("session.summon_private", "30s").with("session.summon_group", "30s").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      for (String text : List.of("1", "2", "3")) {
        h.send(h.sim.groupMessage(801, 1, text));
      }
      h.waitFor("size flush", () -> h.flushes("size") == 1 && h.testBrain.requests.size() == 1);
      assertEquals(List.of("1", "2", "3"), texts(h.testBrain.requests.get(0)));
    }
  }

  @Test
  void theSummonTimerIsNotResetByLaterMessages() {
    // idle 30 s would never fire during the test; messages keep coming every 60 ms for ~600 ms,
    // yet the summon (fixed 200 ms) flushes while they do.
    SessionConfig config = SessionHarness.fast()
        .with("session.idle_flush", "30s").with("session.max_buffer", 100)
        .with("session.summon_private", "200ms").with("session.summon_group", "200ms").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.send(h.sim.groupMention(802, 1, "hey bot"));
      for (int i = 0; i < 10 && h.flushes("summon") == 0; i++) {
        h.send(h.sim.groupMessage(802, 2, "more " + i));
        h.pause(60);
      }
      h.waitFor("summon flush", () -> h.flushes("summon") == 1 && h.testBrain.requests.size() == 1);
      assertEquals(BrainRequest.Mode.SUMMONED, h.testBrain.requests.get(0).mode());
      h.waitFor("a reply", () -> h.replies("sent") == 1);
    }
  }

  @Test
  void theSummonTimerRunsWhileTheMessageCommitsButTheFlushWaitsForTheCommit() {
    // Summon 100 ms, the append held back 400 ms: the timer (armed on arrival) fires first, the
    // flush waits for the commit, so the brain sees the message in its stored history too.
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fastConfig(),
        Duration.ofSeconds(5))) {
      h.store.appendDelayMillis = 400;
      h.store.delayAppendsOn = h.gv.vertx;
      h.send(h.sim.privateMessage(63, "slow to store"));
      h.waitFor("a reply", () -> h.replies("sent") == 1);
      assertEquals(1, h.testBrain.requests.size());
      BrainRequest request = h.testBrain.requests.get(0);
      assertEquals(List.of("slow to store"), texts(request));
      assertTrue(request.context().history().stream()
              .anyMatch(line -> line.text().equals("slow to store")),
          "the flush read the context after the row committed: " + request.context().history());
      assertEquals(1, h.flushes("summon"));
      // The timer fired once; the one flush it became answered the message once.
      h.pause(300);
      assertEquals(1, h.testBrain.requests.size(), "no second flush");
    }
  }

  @Test
  void aBusyChatWhoseAppendsNeverAllSettleDoesNotHoldBackTheSummon() {
    // Every append takes 300 ms and a message comes every 60 ms, so some append is always
    // pending. The summon (100 ms) waits only for the appends that started before it fired.
    SessionConfig config = SessionHarness.fast()
        .with("session.idle_flush", "30s").with("session.max_buffer", 1000)
        .with("session.summon_private", "100ms").with("session.summon_group", "100ms").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.store.appendDelayMillis = 300;
      h.store.delayAppendsOn = h.gv.vertx;
      h.send(h.sim.groupMention(806, 1, "hey bot"));
      int sent = 0;
      while (sent < 40 && h.testBrain.requests.isEmpty()) {
        h.send(h.sim.groupMessage(806, 2, "more " + sent));
        sent++;
        h.pause(60);
      }
      assertTrue(sent < 40, "the summon flush came while the chat went on");
      assertTrue(texts(h.testBrain.requests.get(0)).get(0).contains("hey bot"));
      assertEquals(BrainRequest.Mode.SUMMONED, h.testBrain.requests.get(0).mode());
    }
  }

  @Test
  void aKeywordOrAReplyToTheBotSummons() {
    SessionConfig config = SessionHarness.fast()
        .with("session.bots", Map.of()).with("session.summon_keywords", List.of("pero")).session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.send(h.sim.groupMessage(803, 1, "Hey PERO, morning"));
      h.waitFor("keyword reply", () -> h.replies("sent") == 1);
      JsonObject sent = h.sends("send_group_msg").get(0);
      assertEquals(803L, sent.getJsonObject("params").getLong("group_id"));
      // The bot's reply got a message id; quoting it summons the bot again.
      h.waitForRows("reply stored", ChatKey.group(SELF, 803), rows -> rows.size() == 2);
      long botId = h.messages(ChatKey.group(SELF, 803)).get(1).row().messageId();
      JsonObject quote = h.sim.groupMessage(803, 2, "replying to you");
      quote.put("message", "[CQ:reply,id=" + botId + "]replying to you")
          .put("raw_message", "[CQ:reply,id=" + botId + "]replying to you");
      h.send(quote);
      h.waitFor("reply-to-bot reply", () -> h.replies("sent") == 2);
      assertEquals(2, h.flushes("summon"));
    }
  }

  @Test
  void queueModeAnswersNewMessagesInTheNextFlushNeverTwice() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fastConfig(),
        Duration.ofSeconds(5))) {
      h.testBrain.delayMillis = 400;
      h.send(h.sim.privateMessage(60, "first"));
      h.waitFor("first flush in flight", () -> h.testBrain.requests.size() == 1);
      h.send(h.sim.privateMessage(60, "second"));
      h.waitFor("two replies", () -> h.replies("sent") == 2);
      assertEquals(List.of("first"), texts(h.testBrain.requests.get(0)));
      assertEquals(List.of("second"), texts(h.testBrain.requests.get(1)));
      assertEquals(0, h.replies("preempted"));
    }
  }

  @Test
  void preemptModeDiscardsTheLateAnswerAndRequeuesItsMessages() {
    SessionConfig config = SessionHarness.fast()
        .with("session.on_new_message", "preempt").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.testBrain.delayMillis = 400;
      h.send(h.sim.privateMessage(61, "first"));
      h.waitFor("first flush in flight", () -> h.testBrain.requests.size() == 1);
      h.send(h.sim.privateMessage(61, "second"));
      h.waitFor("one reply", () -> h.replies("sent") == 1);
      h.waitFor("preempted counted", () -> h.replies("preempted") == 1);
      assertEquals(List.of("first", "second"), texts(h.testBrain.requests.get(1)));
      assertEquals(1, h.sends("send_private_msg").size(), "never two replies to one message");
      assertTrue(SentText.of(h.sends("send_private_msg").get(0).getJsonObject("params"))
          .endsWith("second"));
    }
  }

  @Test
  void groupModesAndDenyListsStoreButDoNotAnswer() {
    Map<String, Object> policy = Map.of("deny_groups", List.of(902), "deny_users", List.of(99),
        "group_modes", Map.of("900", "observe", "901", "off"));
    SessionConfig config = SessionHarness.fast()
        .with("session.bots", Map.of(String.valueOf(SELF), policy))
        .with("session.summon_keywords", List.of()).session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.send(h.sim.groupMention(900, 1, "observe group"));
      h.send(h.sim.groupMention(901, 1, "off group"));
      h.send(h.sim.groupMention(902, 1, "denied group"));
      h.send(h.sim.privateMessage(99, "denied user"));
      h.send(h.sim.privateMessage(98, "allowed user")); // answered: the control
      h.waitFor("control reply", () -> h.replies("sent") == 1);
      for (long group : List.of(900L, 901L, 902L)) {
        h.waitForRows("stored " + group, ChatKey.group(SELF, group), rows -> rows.size() == 1);
      }
      h.waitForRows("stored 99", ChatKey.privateChat(SELF, 99), rows -> rows.size() == 1);
      h.pause(300);
      assertEquals(1, h.testBrain.requests.size());
      assertEquals(1, h.flushes("summon"));
    }
  }

  @Test
  void aBurstOfSummonsWaitsForFlushSlotsInsteadOfFloodingTheBrain() {
    SessionConfig config = SessionHarness.fast()
        .with("session.max_flushes", 1).with("session.shards", 1).session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.testBrain.delayMillis = 100;
      for (long user = 70; user < 74; user++) {
        h.send(h.sim.privateMessage(user, "hi from " + user));
      }
      h.waitFor("all four answered", () -> h.replies("sent") == 4);
      assertEquals(4, h.testBrain.requests.size());
      // Four shards in the harness, one flush slot each: at most one per shard at a time.
      assertTrue(h.testBrain.maxConcurrent.get() <= h.shards.count(),
          "concurrent brain requests: " + h.testBrain.maxConcurrent.get());
    }
  }

  @Test
  void theBufferStaysBoundedWhileASlowFlushIsInFlight() {
    SessionConfig config = SessionHarness.fast()
        .with("session.idle_flush", "30s").with("session.max_buffer", 1)
        .with("session.summon_private", "30s").with("session.summon_group", "30s").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      h.testBrain.delayMillis = 500;
      h.send(h.sim.groupMessage(804, 1, "first"));
      h.waitFor("first flush in flight", () -> h.testBrain.requests.size() == 1);
      for (int i = 0; i < 15; i++) {
        h.send(h.sim.groupMessage(804, 1, "m" + i));
      }
      h.waitForRows("all stored", ChatKey.group(SELF, 804), rows -> rows.size() == 16);
      h.waitFor("second flush", () -> h.testBrain.requests.size() == 2);
      List<String> second = texts(h.testBrain.requests.get(1));
      assertEquals(10, second.size(), "capped at 10 x max_buffer: " + second);
      assertEquals("m14", second.get(second.size() - 1), "the newest are kept");
    }
  }

  @Test
  void idleEmptySessionsAreEvicted() {
    SessionConfig config = SessionHarness.fast()
        .with("session.evict_after", "200ms").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.send(h.sim.privateMessage(62, "hi"));
      h.waitFor("reply", () -> h.replies("sent") == 1);
      assertTrue(h.shards.directory().find(ChatKey.privateChat(SELF, 62)).isPresent()
          || h.shards.activeSessions() == 0);
      h.waitFor("evicted", () -> h.shards.activeSessions() == 0
          && h.shards.directory().size() == 0);
      assertEquals(0, h.gv.gauge("social.sessions.active"));
      // A new message brings it back.
      h.send(h.sim.privateMessage(62, "again"));
      h.waitFor("answered again", () -> h.replies("sent") == 2);
    }
  }
}
