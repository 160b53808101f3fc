package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.onebot.message.Segment;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.StoredMessage;
import dev.perocore.social.testing.SentText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model output is data: whatever CQ codes a model writes (an at-all, a local file, an internal URL,
 * their entity-escaped forms) reach the implementation, over a real WebSocket, as one text segment
 * carrying exactly those characters — never as a mention or a media segment it would act on.
 */
class HostileAnswerTest {

  static final long SELF = SessionHarness.SELF;

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {
      "[CQ:at,qq=all] hi everyone",
      "[CQ:image,file=file:///etc/passwd]",
      "look [CQ:record,file=http://169.254.169.254/latest/meta-data/] here",
      "&#91;CQ:at,qq=all&#93; escaped",
      "[CQ:at,qq=all][CQ:image,file=file:///etc/shadow,url=file:///etc/shadow]"})
  void aHostileAnswerReachesTheImplementationAsTextOnly(String hostile) {
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fastConfig(),
        Duration.ofSeconds(5))) {
      h.testBrain.answerText = hostile;
      h.send(h.sim.groupMention(700, 9, "say something"));
      h.waitFor("a group reply", () -> !h.sends("send_group_msg").isEmpty());
      JsonObject params = h.sends("send_group_msg").get(0).getJsonObject("params");
      JsonArray segments = params.getJsonArray("message");
      assertEquals(1, segments.size(), segments.encode());
      assertEquals("text", segments.getJsonObject(0).getString("type"));
      assertEquals(hostile, SentText.of(params));

      // The stored row is the same text: parsing it back yields no mention, image or record.
      h.waitForRows("the reply stored", ChatKey.group(SELF, 700),
          rows -> h.count(rows, MessageStatus.SENT) == 1);
      StoredMessage sent = h.messages(ChatKey.group(SELF, 700)).stream()
          .filter(m -> m.row().status() == MessageStatus.SENT).findFirst().orElseThrow();
      Message stored = Message.parse(sent.row().contentCq());
      assertEquals(1, stored.segments().size(), sent.row().contentCq());
      assertEquals(hostile, ((Segment.Text) stored.segments().get(0)).text());
    }
  }

  @Test
  void aPrivateReplyIsASegmentArrayToo() {
    try (SessionHarness h = SessionHarness.withTestBrain(dir, SessionHarness.fastConfig(),
        Duration.ofSeconds(5))) {
      h.testBrain.answerText = "[CQ:face,id=1] not a face";
      h.send(h.sim.privateMessage(71, "hi"));
      h.waitFor("a private reply", () -> !h.sends("send_private_msg").isEmpty());
      assertEquals("[CQ:face,id=1] not a face",
          SentText.of(h.sends("send_private_msg").get(0).getJsonObject("params")));
    }
  }
}
