package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.session.backfill.BackfillVerticle;
import dev.perocore.social.store.MessageOrigin;
import dev.perocore.social.store.StoredMessage;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing missed across an outage (issue 13, item 1), end to end over real WebSockets and a real
 * SQLite file: the simulator drops what its chats say while it is disconnected (and remembers it,
 * as QQ does); after the reconnect the backfill fetches it with NapCat's history actions, stores
 * it with origin backfill, and nothing of it is answered.
 */
class BackfillTest {

  static final long SELF = SessionHarness.SELF;
  static final ChatKey ALICE = ChatKey.privateChat(SELF, 81);
  static final ChatKey BOB = ChatKey.privateChat(SELF, 82);
  static final ChatKey CAROL = ChatKey.privateChat(SELF, 83);
  static final ChatKey GROUP = ChatKey.group(SELF, 500);

  @TempDir
  Path dir;

  @Test
  void messagesSentDuringAnOutageAreStoredAfterTheReconnectAndNoneIsAnswered() {
    // The group's unsummoned message would flush after idle_flush: not within this test.
    try (SessionHarness h = harness(Map.of("session.idle_flush", "10m"))) {
      BackfillVerticle backfill = deployBackfill(h, Map.of());
      h.waitFor("the start-up backfill asked who the bot is",
          () -> h.sends("get_version_info").size() == 1);
      h.waitFor("the start-up backfill ended", () -> backfill.taskSet().size() == 0);

      // Before the outage: three chats with stored history; Alice and Bob are answered.
      h.send(h.sim.privateMessage(81, "hi before"));
      h.send(h.sim.privateMessage(82, "bob before"));
      h.send(h.sim.groupMessage(500, 91, "group before"));
      h.waitFor("Alice and Bob answered", () -> h.replies("sent") == 2);
      h.waitForRows("the group row", GROUP, rows -> rows.size() == 1);
      h.waitForRows("Bob's message and our reply", BOB, rows -> rows.size() == 2);
      int brainRequests = h.testBrain.requests.size();

      outage(h);
      for (int i = 0; i < 5; i++) {
        h.send(h.sim.privateMessage(81, "alice while away " + i));
      }
      for (int i = 0; i < 3; i++) {
        h.send(h.sim.groupMention(500, 92, "group while away " + i));
      }
      h.send(h.sim.privateMessage(83, "carol, new, while away 0"));
      h.send(h.sim.privateMessage(83, "carol, new, while away 1"));
      assertEquals(10, h.sim.missedWhileDisconnected(), "the simulator dropped them all");

      reconnect(h);
      // Alice, Bob and the group from the store; Carol only from get_recent_contact.
      h.waitFor("four chats complete",
          () -> h.counter("social.backfill.chats", "outcome", "complete") == 4);
      assertEquals(10.0, h.counter("social.backfill.messages"));
      assertEquals(0.0, h.counter("social.backfill.chats", "outcome", "failed"));
      // What GET /api/v1/bots shows as the bot's backfill.
      var state = backfill.state(h.sim.selfId());
      assertEquals("done", state.getString("state"), state.encode());
      assertEquals(10L, state.getLong("recovered"), state.encode());
      assertEquals(4, state.getJsonObject("chats").getInteger("complete"), state.encode());

      assertBackfilled(h.messages(ALICE), 5, "alice while away ");
      assertBackfilled(h.messages(GROUP), 3, "group while away ");
      assertBackfilled(h.messages(CAROL), 2, "carol, new, while away ");
      assertEquals(2, h.messages(BOB).size(), "Bob said nothing new");
      assertTrue(h.messages(ALICE).stream().filter(m -> m.row().contentCq().equals("hi before"))
          .allMatch(m -> m.row().origin() == MessageOrigin.LIVE), "live rows stay live");

      // None of it is answered: the next live message is, alone, and it is the only new reply.
      h.send(h.sim.privateMessage(81, "are you back?"));
      h.waitFor("the live message answered", () -> h.replies("sent") == 3);
      assertEquals(brainRequests + 1, h.testBrain.requests.size());
      var flush = h.testBrain.requests.get(brainRequests).messages();
      assertEquals(1, flush.size(), "the flush holds the live message only: " + flush);
      assertEquals("are you back?", flush.get(0).text());
      assertEquals(0, h.sends("send_private_msg").stream()
          .filter(a -> a.getJsonObject("params").getValue("user_id").toString().equals("83"))
          .count(), "Carol's backfilled messages were not answered");
      assertEquals(0, h.sends("send_group_msg").size(), "the group's @-mentions were not answered");

      // NapCat's paging: the newest page without an anchor first.
      var first = h.sends("get_friend_msg_history").get(0).getJsonObject("params");
      assertTrue(!first.containsKey("message_seq"), first.encode());
    }
  }

  /**
   * Our own rows carry our clock: a reply stored at T (sent, or failed while NapCat was away) must
   * not hide the user's messages QQ timed before T that the outage kept from us. The gap ends at
   * the newest message QQ timed; an audit lost the user's follow-ups to a reply that failed
   * during a short outage.
   */
  @Test
  void ourOwnLaterReplyDoesNotHideMessagesMissedBeforeIt() {
    try (SessionHarness h = harness(Map.of())) {
      BackfillVerticle backfill = deployBackfill(h, Map.of());
      h.waitFor("the start-up backfill ended",
          () -> h.sends("get_version_info").size() == 1 && backfill.taskSet().size() == 0);
      long now = System.currentTimeMillis() / 1000;
      h.send(h.sim.privateMessage(81, "answer me").put("time", now - 10));
      h.waitFor("answered", () -> h.replies("sent") == 1);
      h.waitForRows("the message and our reply", ALICE, rows -> rows.size() == 2);

      outage(h);
      h.send(h.sim.privateMessage(81, "while away 0").put("time", now - 8));
      h.send(h.sim.privateMessage(81, "while away 1").put("time", now - 7));
      reconnect(h);
      h.waitFor("Alice's chat complete",
          () -> h.counter("social.backfill.chats", "outcome", "complete") == 1);
      assertBackfilled(h.messages(ALICE), 2, "while away ");
    }
  }

  @Test
  void theCapGivesCappedAndKeepsTheNewestMessages() {
    try (SessionHarness h = harness(Map.of())) {
      BackfillVerticle backfill = deployBackfill(h, Map.of("onebot.backfill.max_pages", 2,
          "onebot.backfill.page_size", 3));
      h.waitFor("the start-up backfill ended",
          () -> h.sends("get_version_info").size() == 1 && backfill.taskSet().size() == 0);
      h.send(h.sim.groupMessage(500, 91, "before"));
      h.waitForRows("the group row", GROUP, rows -> rows.size() == 1);

      outage(h);
      for (int i = 0; i < 10; i++) {
        h.send(h.sim.groupMessage(500, 91, "away " + i));
      }
      reconnect(h);
      h.waitFor("the group capped",
          () -> h.counter("social.backfill.chats", "outcome", "capped") == 1);
      // Two pages of three, the second anchored on the oldest of the first (included again).
      List<StoredMessage> rows = h.messages(GROUP);
      assertBackfilled(rows, 5, "away ");
      assertEquals("away 5", rows.stream().filter(m -> m.row().origin() == MessageOrigin.BACKFILL)
          .findFirst().orElseThrow().row().contentCq(), "the newest five, oldest first");
      var second = h.sends("get_group_msg_history").get(1).getJsonObject("params");
      assertEquals(true, second.getValue("reverse_order"), second.encode());
      assertEquals(5.0, h.counter("social.backfill.messages"));
    }
  }

  @Test
  void anImplementationWithoutHistoryIsUnsupportedAndSaidOnce() {
    try (SessionHarness h = harness(Map.of());
        LogCapture log = LogCapture.of(BackfillVerticle.class)) {
      h.sim.implementation("SomeOtherOneBot", false);
      BackfillVerticle backfill = deployBackfill(h, Map.of());
      h.waitFor("the start-up backfill ended",
          () -> h.sends("get_version_info").size() == 1 && backfill.taskSet().size() == 0);
      h.send(h.sim.privateMessage(81, "hi"));
      h.send(h.sim.groupMessage(500, 91, "hello"));
      h.waitForRows("the group row", GROUP, rows -> rows.size() == 1);
      h.waitForRows("Alice's row", ALICE, rows -> rows.size() == 1);

      for (int round = 1; round <= 2; round++) {
        outage(h);
        h.send(h.sim.privateMessage(81, "lost " + round));
        reconnect(h);
        int expected = 2 * round;
        h.waitFor("chats unsupported", () -> h.counter("social.backfill.chats", "outcome",
            "unsupported") == expected);
      }
      assertEquals(0, h.sends("get_friend_msg_history").size());
      assertEquals(0.0, h.counter("social.backfill.messages"));
      assertEquals(1, log.lines().stream().filter(l -> l.contains("offers no message history"))
          .count(), "said once per bot: " + log.lines());
    }
  }

  @Test
  void historyActionsThatFailCountTheChatFailed() {
    try (SessionHarness h = harness(Map.of())) {
      h.sim.implementation("NapCat.Onebot", false);
      BackfillVerticle backfill = deployBackfill(h, Map.of());
      h.waitFor("the start-up backfill ended",
          () -> h.sends("get_version_info").size() == 1 && backfill.taskSet().size() == 0);
      h.send(h.sim.groupMessage(500, 91, "hello"));
      h.waitForRows("the group row", GROUP, rows -> rows.size() == 1);
      outage(h);
      reconnect(h);
      h.waitFor("the chat failed",
          () -> h.counter("social.backfill.chats", "outcome", "failed") == 1);
    }
  }

  @Test
  void aShutdownEndsARunAtOnceInsteadOfSpendingTheDrainBudget() {
    try (SessionHarness h = harness(Map.of());
        LogCapture log = LogCapture.of(BackfillVerticle.class);
        LogCapture drain = LogCapture.of(dev.perocore.social.guard.TaskSet.class)) {
      // The first call waits a minute for its pacing: longer than any drain.
      BackfillVerticle backfill = deployBackfill(h,
          Map.of("onebot.backfill.page_interval", "60s"));
      h.waitFor("a run in flight", () -> backfill.taskSet().size() == 1);
      OnContext.await(h.gv.vertx.undeploy(backfill.deploymentID()));
      assertTrue(log.contains("backfill interrupted by the shutdown"), log.lines().toString());
      assertTrue(drain.contains("backfill: drained, nothing abandoned"), drain.lines().toString());
      assertEquals(0, h.sends("get_version_info").size());
      for (String outcome : List.of("complete", "capped", "failed", "unsupported")) {
        assertEquals(0.0, h.counter("social.backfill.chats", "outcome", outcome), outcome);
      }
    }
  }

  private SessionHarness harness(Map<String, ?> more) {
    return SessionHarness.withTestBrain(dir, SessionHarness.fast().with(more).session(),
        Duration.ofSeconds(5));
  }

  private static BackfillVerticle deployBackfill(SessionHarness h, Map<String, ?> more) {
    TestConfig config = TestConfig.defaults().with("onebot.backfill.page_interval", "5ms")
        .with(more);
    BackfillVerticle backfill = new BackfillVerticle(h.gv.guard, Duration.ofSeconds(2),
        config.app().backfill(), config.onebot(), h::realStore, h.gateway::bots,
        Duration.ofSeconds(5));
    OnContext.await(h.gv.vertx.deployVerticle(backfill));
    return backfill;
  }

  private static void outage(SessionHarness h) {
    h.sim.dropConnections();
    h.waitFor("the gateway saw the bot go",
        () -> h.gateway.bot(SELF).map(b -> b.roles().isEmpty()).orElse(false));
  }

  private static void reconnect(SessionHarness h) {
    OnContext.await(h.sim.connectUniversal(h.port(), OneBotGatewayVerticle.PATH_UNIVERSAL));
  }

  private static void assertBackfilled(List<StoredMessage> rows, int count, String prefix) {
    List<StoredMessage> backfilled = rows.stream()
        .filter(m -> m.row().origin() == MessageOrigin.BACKFILL).toList();
    assertEquals(count, backfilled.size(), "backfilled rows: " + rows.stream()
        .map(m -> m.row().contentCq() + "/" + m.row().origin()).toList());
    assertTrue(backfilled.stream().allMatch(m -> m.row().contentCq().contains(prefix)),
        backfilled.toString());
  }
}
