package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.sim.ActionBehaviour;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.StoredMessage;
import dev.perocore.social.testing.SentText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Humanlike delivery over a real WebSocket: an answer in parts, each after its typing pause, the
 * remaining parts after a newer message dropped ({@code preempt}) or sent ({@code queue}),
 * "typing..." in private chats, and the quote of the answered message in groups.
 */
class ReplyDeliveryTest {

  static final long SELF = SessionHarness.SELF;
  static final long GROUP = 800;

  @TempDir
  Path dir;

  /** 100 characters a second, at most {@code max}: a part of n characters waits n * 10 ms. */
  private static SessionConfig typing(String max, String onNewMessage, String quote) {
    return SessionHarness.fast()
        .with("reply.typing_cps", 100)
        .with("reply.typing_max", max)
        .with("reply.quote", quote)
        .with("session.on_new_message", onNewMessage)
        .session();
  }

  private static JsonArray segments(JsonObject action) {
    return action.getJsonObject("params").getJsonArray("message");
  }

  /** The text of a send, after its quote if it has one. */
  private static String text(JsonObject action) {
    JsonArray segments = segments(action);
    return segments.stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("type").equals("text"))
        .map(s -> s.getJsonObject("data").getString("text")).collect(Collectors.joining());
  }

  @Test
  void aTwoParagraphAnswerArrivesAsTwoSendsInOrderTheSecondAfterItsTypingPause() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir,
        typing("3s", "queue", "never"), Duration.ofSeconds(5))) {
      String second = "and the second one, a little longer than the first";
      h.testBrain.answerText = "first paragraph\n\n" + second;
      h.send(h.sim.groupMention(GROUP, 9, "tell me two things"));
      h.waitFor("two sends", () -> h.sends("send_group_msg").size() == 2);
      List<JsonObject> sends = h.sends("send_group_msg");
      assertEquals("first paragraph", SentText.of(sends.get(0).getJsonObject("params")));
      assertEquals(second, SentText.of(sends.get(1).getJsonObject("params")));
      long gapMillis = (h.sim.actionReceivedNanos(sends.get(1))
          - h.sim.actionReceivedNanos(sends.get(0))) / 1_000_000;
      long pause = second.length() * 10L; // 100 chars/s
      assertTrue(gapMillis >= pause, "gap " + gapMillis + " ms < typing pause " + pause + " ms");

      // Each part is its own stored row with its own message id.
      h.waitForRows("both parts stored", ChatKey.group(SELF, GROUP),
          rows -> h.count(rows, MessageStatus.SENT) == 2);
      List<Long> ids = h.messages(ChatKey.group(SELF, GROUP)).stream()
          .filter(m -> m.row().status() == MessageStatus.SENT)
          .map(m -> m.row().messageId()).distinct().toList();
      assertEquals(2, ids.size(), ids.toString());
      // Counted after each part's row is stored and when the flight ends: waited for, not raced.
      h.waitFor("two parts counted", () -> h.counter("social.reply.parts", "outcome", "sent") == 2);
      h.waitFor("one reply counted", () -> h.replies("sent") == 1);
    }
  }

  @Test
  void aMessageDuringThePartsDropsTheRestWithPreempt() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir,
        typing("2s", "preempt", "never"), Duration.ofSeconds(5))) {
      // Part 1 is short (20 ms); parts 2 and 3 wait 2 s each: the new message comes first.
      h.testBrain.answerText = "ok\n\n" + "x".repeat(300) + "[SPLIT]" + "y".repeat(300);
      h.send(h.sim.groupMention(GROUP, 9, "explain everything"));
      h.waitFor("the first part", () -> h.sends("send_group_msg").size() == 1);
      h.send(h.sim.groupMessage(GROUP, 9, "never mind"));
      h.waitFor("the rest dropped",
          () -> h.counter("social.reply.parts", "outcome", "dropped") == 2);
      h.waitFor("the reply counted as sent", () -> h.replies("sent") == 1);
      assertEquals(1, h.sends("send_group_msg").size());
      assertEquals("ok", text(h.sends("send_group_msg").get(0)));
    }
  }

  @Test
  void aMessageDuringThePartsLetsTheRestFollowWithQueue() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir,
        typing("1s", "queue", "never"), Duration.ofSeconds(5))) {
      h.testBrain.answerText = "ok\n\n" + "x".repeat(300) + "\n\n" + "y".repeat(300);
      h.send(h.sim.groupMention(GROUP, 9, "explain everything"));
      h.waitFor("the first part", () -> h.sends("send_group_msg").size() == 1);
      h.send(h.sim.groupMessage(GROUP, 9, "go on"));
      h.waitFor("all three parts", () -> h.sends("send_group_msg").size() == 3);
      assertEquals(List.of("ok", "x".repeat(300), "y".repeat(300)),
          h.sends("send_group_msg").subList(0, 3).stream().map(ReplyDeliveryTest::text)
              .toList());
      assertEquals(0, h.counter("social.reply.parts", "outcome", "dropped"));
    }
  }

  @Test
  void theFirstPartQuotesTheAnsweredMessageWhenOthersCameBetween() {
    SessionConfig config = SessionHarness.fast().with("session.summon_group", "1s")
        .with("reply.typing_cps", 100).with("reply.typing_max", "50ms").session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.testBrain.answerText = "sure, at eight\n\nsee you there";
      JsonObject asked = h.sim.groupMention(GROUP, 9, "dinner tonight?");
      h.send(asked);
      h.send(h.sim.groupMessage(GROUP, 7, "what's for dinner?"));
      h.waitFor("two parts", () -> h.sends("send_group_msg").size() == 2);
      JsonObject first = h.sends("send_group_msg").get(0);
      JsonArray quoted = segments(first);
      assertEquals("reply", quoted.getJsonObject(0).getString("type"), quoted.encode());
      assertEquals(String.valueOf(asked.getValue("message_id")),
          String.valueOf(quoted.getJsonObject(0).getJsonObject("data").getValue("id")));
      assertEquals("sure, at eight", text(first));
      assertEquals(1, segments(h.sends("send_group_msg").get(1)).size(), "only the first quotes");
      System.out.println("split, quoted answer: send_group_msg params as the simulator received"
          + " them:\n  " + first.getJsonObject("params").encode() + "\n  "
          + h.sends("send_group_msg").get(1).getJsonObject("params").encode());

      // auto: nothing between the summon and the answer, no quote.
      h.send(h.sim.groupMention(GROUP, 9, "and tomorrow?"));
      h.waitFor("the next answer", () -> h.sends("send_group_msg").size() == 4);
      assertEquals(1, segments(h.sends("send_group_msg").get(2)).size(),
          segments(h.sends("send_group_msg").get(2)).encode());
    }
  }

  @Test
  void quoteAlwaysQuotesEvenWithNothingBetween() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir,
        typing("0s", "queue", "always"), Duration.ofSeconds(5))) {
      h.testBrain.answerText = "yes";
      JsonObject asked = h.sim.groupMention(GROUP, 9, "are you there?");
      h.send(asked);
      h.waitFor("the answer", () -> h.sends("send_group_msg").size() == 1);
      JsonObject quote = segments(h.sends("send_group_msg").get(0)).getJsonObject(0);
      assertEquals("reply", quote.getString("type"));
      assertEquals(String.valueOf(asked.getValue("message_id")),
          String.valueOf(quote.getJsonObject("data").getValue("id")));
    }
  }

  @Test
  void aPrivatePartIsPrecededByTheTypingStatusAndAnUnsupportedOneIsIgnored() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir,
        typing("200ms", "queue", "auto"), Duration.ofSeconds(5))) {
      h.testBrain.answerText = "hello\n\nhow are you?";
      h.send(h.sim.privateMessage(55, "hi"));
      h.waitFor("two parts", () -> h.sends("send_private_msg").size() == 2);
      List<JsonObject> typing = h.sends("set_input_status");
      assertEquals(2, typing.size(), "one before each part");
      assertEquals(new JsonObject().put("user_id", 55L).put("event_type", 1),
          typing.get(0).getJsonObject("params"));
      for (int i = 0; i < 2; i++) {
        assertTrue(h.sim.actionReceivedNanos(typing.get(i))
            < h.sim.actionReceivedNanos(h.sends("send_private_msg").get(i)), "typing first");
      }
      assertEquals(1, segments(h.sends("send_private_msg").get(0)).size(), "no quote in private");

      // An implementation without the action: the reply still goes, the bot is not asked again.
      h.sim.answer("set_input_status", ActionBehaviour.failed(1404, "不支持的Api"));
      h.testBrain.answerText = "one line";
      h.send(h.sim.privateMessage(56, "hey"));
      h.waitFor("the reply", () -> h.sends("send_private_msg").size() == 3);
      h.waitFor("the failure counted",
          () -> h.counter("social.reply.typing", "result", "failed") == 1);
      h.send(h.sim.privateMessage(56, "still there?"));
      h.waitFor("the next reply", () -> h.sends("send_private_msg").size() == 4);
      assertEquals(3, h.sends("set_input_status").size(), "not asked after it failed");
      assertEquals(1, h.counter("social.reply.typing", "result", "skipped"));
    }
  }
}
