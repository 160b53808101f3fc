package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.impl.EchoBrain;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.sim.ActionBehaviour;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.StoredMessage;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.SentText;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end list, over real WebSockets: the simulator talks to the gateway, the
 * session shards store and answer through the echo brain, the replies come back as actions.
 */
class EndToEndTest {

  static final long SELF = SessionHarness.SELF;

  @TempDir
  Path dir;

  @Test
  void privateMessageIsAnsweredWithinTheSummonWindowAndBothSidesAreStored() {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      h.send(h.sim.privateMessage(42, "hello there"));
      h.waitFor("a private reply", () -> !h.sends("send_private_msg").isEmpty());
      JsonObject params = h.sends("send_private_msg").get(0).getJsonObject("params");
      assertEquals(42L, params.getLong("user_id"));
      assertEquals(EchoBrain.PREFIX + "hello there", SentText.of(params));
      h.waitForRows("the reply stored", ChatKey.privateChat(SELF, 42),
          rows -> h.count(rows, MessageStatus.SENT) == 1);
      List<StoredMessage> rows = h.messages(ChatKey.privateChat(SELF, 42));
      assertEquals(1, h.count(rows, MessageStatus.RECEIVED));
      StoredMessage sent = rows.stream().filter(m -> m.row().status() == MessageStatus.SENT)
          .findFirst().orElseThrow();
      assertTrue(sent.row().messageId() != null && sent.row().messageId() > 900_000,
          "stored with the message id the send returned: " + sent.row().messageId());
      assertEquals(1, h.flushes("summon"));
      assertEquals(1, h.replies("sent"));
      assertEquals(1, h.gv.registry.find("social.reply.latency").timer().count());
    }
  }

  @Test
  void mentionInAGroupIsAnswered() {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      h.send(h.sim.groupMessage(500, 7, "just chatting"));
      h.send(h.sim.groupMention(500, 8, "what do you think"));
      h.waitFor("a group reply", () -> !h.sends("send_group_msg").isEmpty());
      JsonObject params = h.sends("send_group_msg").get(0).getJsonObject("params");
      assertEquals(500L, params.getLong("group_id"));
      assertTrue(SentText.of(params).startsWith(EchoBrain.PREFIX));
      assertEquals(1, h.flushes("summon"));
    }
  }

  @Test
  void unmentionedGroupChatterIsStoredButNotAnswered() {
    SessionConfig config = SessionHarness.fast()
        .with("session.idle_flush", "150ms").with("session.max_buffer", 10)
        .with("session.summon_private", "100ms").with("session.summon_group", "100ms").session();
    try (SessionHarness h = SessionHarness.echo(dir, config)) {
      for (int i = 0; i < 3; i++) {
        h.send(h.sim.groupMessage(600, 20 + i, "chatter " + i));
      }
      h.waitFor("an idle flush answered with a pass", () -> h.replies("passed") == 1);
      assertEquals(1, h.flushes("idle"));
      assertEquals(3, h.messages(ChatKey.group(SELF, 600)).size());
      assertTrue(h.sends("send_group_msg").isEmpty(), "observing echo brain stays silent");
      assertEquals(1, h.counter("social.brain.decisions", "mode", "observing", "decision", "pass"));
    }
  }

  /**
   * The raw column keeps the frame byte for byte: key order, spacing, fields we do not model,
   * text beyond Latin-1. It is stored from the frame's bytes, never decoded on the way, and still
   * as TEXT an operator's JSON query reads.
   */
  @Test
  void theRawEventIsStoredExactlyAsTheFrameArrived() throws Exception {
    String frame = "{\"post_type\": \"message\", \"message_type\": \"private\","
        + " \"sub_type\": \"friend\", \"self_id\": " + SELF + ", \"user_id\": 46,"
        + " \"time\": 1732435260, \"message_id\": 4646, \"x_vendor\": {\"b\": 2, \"a\": 1},"
        + " \"message\": [{\"type\": \"text\", \"data\": {\"text\": \"raw please\"}}],"
        + " \"raw_message\": \"raw please\", \"font\": 0,"
        + " \"sender\": {\"user_id\": 46, \"nickname\": \"小明 😀 \\u00e9\"}}";
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      OnContext.await(h.sim.sendRaw(frame));
      h.waitForOnTestThread("the message stored",
          () -> h.sqlCount("SELECT count(*) FROM messages WHERE message_id = 4646") == 1);
      assertEquals(1, h.sqlCount("SELECT count(*) FROM messages WHERE message_id = 4646"
          + " AND raw_json = '" + frame + "'"));
      assertEquals(1, h.sqlCount("SELECT count(*) FROM messages WHERE message_id = 4646"
          + " AND typeof(raw_json) = 'text'"
          + " AND json_extract(raw_json, '$.sender.nickname') = '小明 😀 é'"));
    }
  }

  @Test
  void aRedeliveredMessageIsStoredAndAnsweredOnce() {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      h.sim.duplicateNext(1);
      h.send(h.sim.privateMessage(43, "only once"));
      h.waitFor("a reply", () -> h.replies("sent") == 1);
      h.pause(300); // three summon windows: a second flush would have happened by now
      List<StoredMessage> rows = h.messages(ChatKey.privateChat(SELF, 43));
      assertEquals(1, h.count(rows, MessageStatus.RECEIVED));
      assertEquals(1, h.sends("send_private_msg").size());
    }
  }

  @Test
  void aFailedSendIsStoredAsFailedWithItsRetcode() {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      h.sim.answer("send_private_msg", ActionBehaviour.failed(100, "muted"));
      h.send(h.sim.privateMessage(44, "can you hear me"));
      h.waitForRows("the failed send stored", ChatKey.privateChat(SELF, 44),
          rows -> h.count(rows, MessageStatus.FAILED) == 1);
      StoredMessage failed = h.messages(ChatKey.privateChat(SELF, 44)).stream()
          .filter(m -> m.row().status() == MessageStatus.FAILED).findFirst().orElseThrow();
      assertEquals(100, failed.row().retcode());
      assertEquals(EchoBrain.PREFIX + "can you hear me", failed.row().contentCq());
      h.waitFor("counted", () -> h.replies("failed") == 1);
      assertEquals(0, h.replies("sent"));
    }
  }

  @Test
  void outboundMessagesReportAndStoreEveryOutcome() {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      Context context = h.gv.vertx.getOrCreateContext();
      OneBotConfig onebot = TestConfig.defaults().onebot();  // reads a file: not on the loop
      OutboundMessages outbound = OnContext.call(context, () ->
          new OutboundMessages(new OneBotActions(h.gv.vertx.eventBus(),
              onebot), h.realStore(),
              h.gv.guard.newTaskSet("outbound-test"), Duration.ofSeconds(5), Duration.ofSeconds(5)));
      // Segments built by a trusted caller go out as they are; text stays text.
      SendOutcome ok = OnContext.await(OnContext.call(context, () ->
          outbound.send(ChatKey.group(SELF, 1400), Message.parse("[CQ:face,id=1] hi all"),
              "admin", answered -> {})));
      SendOutcome text = OnContext.await(OnContext.call(context, () ->
          outbound.send(ChatKey.group(SELF, 1401), "[CQ:face,id=1] hi all", "admin")));
      assertEquals(SendOutcome.Result.SENT, text.result());
      assertEquals(SendOutcome.Result.SENT, ok.result());
      assertTrue(ok.stored() && ok.messageId().isPresent());
      SendOutcome offline = OnContext.await(OnContext.call(context, () ->
          outbound.send(ChatKey.privateChat(99999, 5), "anyone?", "admin")));
      assertEquals(SendOutcome.Result.UNAVAILABLE, offline.result(), offline.error());
      // A bot that never connected is not a conversation of ours: nothing is stored for it.
      assertFalse(offline.stored());
      assertTrue(h.messages(new ChatKey(99999, ChatType.PRIVATE, 5)).isEmpty());
      StoredMessage sent = h.messages(ChatKey.group(SELF, 1400)).get(0);
      assertEquals("[CQ:face,id=1] hi all", sent.row().contentCq());
      assertTrue(sent.row().contentJson().contains("face"));
      StoredMessage sentText = h.messages(ChatKey.group(SELF, 1401)).get(0);
      assertEquals("&#91;CQ:face,id=1&#93; hi all", sentText.row().contentCq());
      assertEquals(Message.ofText("[CQ:face,id=1] hi all").toJsonArray().encode(),
          sentText.row().contentJson());
    }
  }

  @Test
  void theBotsOwnMessagesAreStoredButNeverTrigger() {
    try (SessionHarness h = SessionHarness.echo(dir, SessionHarness.fastConfig())) {
      JsonObject own = h.sim.privateMessage(45, "I said this myself")
          .put("post_type", "message_sent").put("user_id", SELF).put("target_id", 45);
      own.getJsonObject("sender").put("user_id", SELF);
      h.send(own);
      h.waitForRows("stored", ChatKey.privateChat(SELF, 45), rows -> rows.size() == 1);
      h.pause(300);
      assertEquals(0, h.flushes("summon") + h.flushes("idle") + h.flushes("size"));
      assertTrue(h.sends("send_private_msg").isEmpty());
    }
  }
}
