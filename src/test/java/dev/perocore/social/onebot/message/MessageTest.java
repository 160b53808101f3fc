package dev.perocore.social.onebot.message;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTest {

  private static final long SELF = 10001L;

  @Test
  void mentionOfTheBotIsAnAtWithItsAccount() {
    assertTrue(Message.parse("[CQ:at,qq=10001] 你好").mentions(SELF));
    assertTrue(Message.of(Segment.text("hi "), Segment.at(SELF)).mentions(SELF));
    JsonArray numericQq = new JsonArray().add(new JsonObject().put("type", "at")
        .put("data", new JsonObject().put("qq", 10001).put("name", "@pero")));
    assertTrue(Message.parse(numericQq).mentions(SELF), "NapCat may send qq as a number");
    assertFalse(Message.parse("[CQ:at,qq=10002] 你好").mentions(SELF));
    assertFalse(Message.parse("@10001 你好").mentions(SELF), "typed text is not a mention");
    assertFalse(Message.parse("[CQ:at,qq=100011]").mentions(SELF));
  }

  @Test
  void atAllIsNotAMentionOfTheBot() {
    Message all = Message.parse("[CQ:at,qq=all] 全体注意");
    assertFalse(all.mentions(SELF));
    assertTrue(all.mentionsAll());
    assertFalse(Message.parse("[CQ:at,qq=10001]").mentionsAll());
    assertTrue(Segment.atAll().isAll());
  }

  @Test
  void replyTargetIsNormalised() {
    assertEquals(Optional.of("777"), Message.parse("[CQ:reply,id=777]真的？").replyToMessageId());
    JsonArray numeric = new JsonArray().add(new JsonObject().put("type", "reply")
        .put("data", new JsonObject().put("id", 777)));
    assertEquals(Optional.of("777"), Message.parse(numeric).replyToMessageId());
    assertEquals(Optional.of("-12345"), Message.parse("[CQ:reply,id=-12345]").replyToMessageId());
    assertEquals(Optional.of("1"), Message.parse("[CQ:reply,id=1][CQ:reply,id=2]").replyToMessageId(), "first wins");
    assertEquals(Optional.empty(), Message.parse("没有引用").replyToMessageId());
    assertEquals(Optional.empty(), Message.parse("[CQ:reply]").replyToMessageId());
  }

  @Test
  void plainTextJoinsTextOnly() {
    Message m = Message.parse("[CQ:at,qq=10001] 看&#91;图&#93;[CQ:image,file=a.png]好看吗");
    assertEquals(" 看[图]好看吗", m.plainText());
    assertEquals("", Message.parse("[CQ:face,id=1]").plainText());
  }

  @Test
  void ofTextKeepsCqLookingTextAsText() {
    Message m = Message.ofText("[CQ:at,qq=10001] & ,");
    assertEquals(1, m.segments().size());
    assertFalse(m.mentions(SELF));
    assertEquals("&#91;CQ:at,qq=10001&#93; &amp; ,", m.toCqString());
    assertEquals(m, Message.parse(m.toCqString()));
  }

  @Test
  void everyKnownTypeHasItsRecordAndOthersAreGeneric() {
    for (String type : List.of("text", "face", "image", "record", "video", "at", "rps", "dice", "shake", "poke",
        "anonymous", "share", "contact", "location", "music", "reply", "forward", "node", "xml", "json", "mface",
        "markdown", "file")) {
      Segment s = Segment.of(type, new JsonObject().put("x", "1"));
      assertFalse(s instanceof Segment.Generic, type);
      assertEquals(type, s.type());
      assertTrue(Segment.isKnownType(type));
      assertEquals(new JsonObject().put("type", type).put("data", new JsonObject().put("x", "1")), s.toJson());
    }
    Segment other = Segment.of("group_notice_card", null);
    assertEquals("group_notice_card", assertInstanceOf(Segment.Generic.class, other).type());
    assertEquals(new JsonObject(), other.data());
    assertThrows(IllegalArgumentException.class, () -> new Segment.Generic("at", new JsonObject()));
    assertThrows(IllegalArgumentException.class, () -> Segment.of("", new JsonObject()));
  }

  @Test
  void segmentsAndMessagesAreImmutable() {
    JsonObject data = new JsonObject().put("qq", "10001");
    Segment.At at = new Segment.At(data);
    data.put("qq", "20002");
    assertEquals("10001", at.qq(), "construction copies");
    at.data().put("qq", "30003");
    assertEquals("10001", at.qq(), "data() hands out a copy");
    Message m = Message.of(at);
    assertThrows(UnsupportedOperationException.class, () -> m.segments().add(Segment.text("x")));
    JsonArray array = m.toJsonArray();
    array.getJsonObject(0).getJsonObject("data").put("qq", "1");
    assertTrue(m.mentions(SELF), "toJsonArray() is a fresh array");
  }

  @Test
  void parseAcceptsPlainListsAndRefusesOtherShapes() {
    List<Object> list = List.of(Map.of("type", "text", "data", Map.of("text", "hi")));
    assertEquals(Message.ofText("hi"), Message.parse(list));
    assertEquals(Message.empty(), Message.parse(new JsonArray()));
    assertEquals(Message.of(Segment.of("shake", null)),
        Message.parse(new JsonArray().add(new JsonObject().put("type", "shake"))), "data may be absent");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Message.parse(42));
    assertTrue(e.getMessage().contains("a number"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Message.parse(null));
    assertThrows(IllegalArgumentException.class, () -> Message.of(Segment.text("a"), null));
  }

  @Test
  void messageIdsNormalise() {
    assertEquals("777", MessageIds.normalize(" 0777 "));
    assertEquals("-5", MessageIds.normalize("-005"));
    assertEquals("5", MessageIds.normalize("+5"));
    assertEquals("123456789012345678901234567890", MessageIds.normalize("0123456789012345678901234567890"));
    assertEquals("abc", MessageIds.normalize("abc"));
    assertEquals("-", MessageIds.normalize("-"));
    assertEquals("777", MessageIds.normalize(777L));
  }
}
