package dev.perocore.social.onebot.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.onebot.message.Segment;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The safety net under the gateway's cheaper parse: every frame parsed both ways (Vert.x's
 * {@code Json.decodeValue}, which the gateway used before, and {@link FrameJson}) gives the same
 * value, field order and number types included, or the same failure; and the decoded events, their
 * content as CQ text and as JSON text, are the same too.
 */
class FrameJsonTest {

  private final EventDecoder decoder = new EventDecoder();

  @Test
  void everyFixtureAndNapCatShapedFrameParsesAndDecodesAsBefore() {
    List<String> frames = new ArrayList<>();
    Fixtures.ALL.forEach(name -> frames.add(Fixtures.text(name)));
    frames.addAll(napCatShaped());
    int messages = 0;
    for (String text : frames) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      Object before = Json.decodeValue(Buffer.buffer(bytes));
      Object after = FrameJson.parse(bytes);
      assertSameValue(before, after, text);
      DecodeResult was = decoder.decode((JsonObject) before);
      DecodeResult is = decoder.decode((JsonObject) after);
      assertEquals(was, is, text);
      if (is instanceof DecodeResult.Decoded d && d.event() instanceof MessageEvent m) {
        messages++;
        MessageEvent old = (MessageEvent) ((DecodeResult.Decoded) was).event();
        assertEquals(old.message().toJsonArray().encode(), m.message().jsonText(), text);
        assertEquals(old.message().toCqString(), m.message().toCqString(), text);
        assertEquals(old.rawMessage(), m.rawMessage(), text);
        assertEquals(old.sender(), m.sender(), text);
        assertEquals(old.messageId(), m.messageId(), text);
        assertEquals(old.peerId(), m.peerId(), text);
      }
    }
    assertTrue(messages >= 8, "the corpus is mostly messages: " + messages);
  }

  @Test
  void whatVertxRefusedIsRefusedWithTheSameMessage() {
    List<String> bad = List.of("", " ", "{", "}", "[1,2", "{\"a\":1}x", "{\"a\":1} {\"b\":2}", "nul",
        "{'a':1}", "{\"a\":1,}", "{\"a\":\"\\x\"}", "{\"a\" 1}", "{\"a\":01}", "[1,]", "{\"a\":tru}",
        "{\"message\":[{\"type\":\"text\",\"data\":{\"text\":\"unterminated}}]}");
    for (String text : bad) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      String before = failure(() -> Json.decodeValue(Buffer.buffer(bytes)));
      String after = failure(() -> FrameJson.parse(bytes));
      assertTrue(before != null, "Vert.x accepts " + text);
      assertEquals(before, after, "for " + text);
    }
    byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertEquals(failure(() -> Json.decodeValue(Buffer.buffer(notUtf8))), failure(() -> FrameJson.parse(notUtf8)));
  }

  @Test
  void aFrameParsedWhereItLiesInALargerArrayIsTheSameFrameWithTheSameFailures() {
    List<String> texts = new ArrayList<>();
    Fixtures.ALL.forEach(name -> texts.add(Fixtures.text(name)));
    texts.addAll(napCatShaped());
    texts.addAll(List.of("", "{", "[1,2", "{\"a\":1}x", "{'a':1}", "{\"a\":01}", "[1,]", "nul"));
    for (String text : texts) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      // The frame between other bytes, as in a buffer's backing array: "{}" before, "]" after.
      byte[] array = new byte[bytes.length + 3];
      array[0] = '{';
      array[1] = '}';
      System.arraycopy(bytes, 0, array, 2, bytes.length);
      array[array.length - 1] = ']';
      String failed = failure(() -> FrameJson.parse(bytes));
      if (failed == null) {
        assertSameValue(FrameJson.parse(bytes), FrameJson.parse(array, 2, bytes.length), text);
      } else {
        assertEquals(failed, failure(() -> FrameJson.parse(array, 2, bytes.length)), "for " + text);
      }
    }
  }

  @Test
  void otherTopLevelValuesAndCommentsAreWhatVertxGave() {
    for (String text : List.of("[]", "[{\"a\":1},2]", "\"str\"", "42", "4.5", "true", "null",
        "/* c */ {\"a\":1} // tail", "{\"a\":1,\"a\":2}", "{\"n\":12345678901234567890123,\"f\":1e400}")) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      assertSameValue(Json.decodeValue(Buffer.buffer(bytes)), FrameJson.parse(bytes), text);
    }
    assertInstanceOf(JsonArray.class, FrameJson.parse("[]".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void segmentsShareNothingACallerCanChange() {
    byte[] bytes = napCatShaped().get(0).getBytes(StandardCharsets.UTF_8);
    MessageEvent m = (MessageEvent) ((DecodeResult.Decoded) decoder.decode((JsonObject) FrameJson.parse(bytes)))
        .event();
    String json = m.message().jsonText();
    Segment first = m.message().segments().get(0);
    first.data().put("id", "changed");
    m.message().toJsonArray().getJsonObject(0).getJsonObject("data").put("id", "changed");
    assertEquals(json, m.message().toJsonArray().encode(), "copies handed out leave the message as it was");
    assertEquals(json, m.message().jsonText());
  }

  private static List<String> napCatShaped() {
    List<String> out = new ArrayList<>();
    JsonArray segments = new JsonArray()
        .add(seg("reply", new JsonObject().put("id", "-2034567123")))
        .add(seg("at", new JsonObject().put("qq", "10001").put("name", "团子")))
        .add(seg("text", new JsonObject().put("text", " a [b] & c, d \"q\" \\ \u0001 \u2028 😀 中文 </script>")))
        .add(seg("face", new JsonObject().put("id", 178).put("raw", new JsonObject().put("faceIndex", 178))
            .put("resultId", (Object) null).put("chainCount", 1.0)))
        .add(seg("image", new JsonObject().put("summary", "[动画表情]").put("file", "a.jpg").put("sub_type", 1)
            .put("url", "https://multimedia.nt.qq.com.cn/download?appid=1407&fileid=x_y&rkey=z")
            .put("file_size", "37521").put("big", 12345678901234L).put("flag", true)))
        .add(seg("mface", new JsonObject().put("emoji_id", "abc").put("summary", "[贴纸]")))
        .add(seg("json", new JsonObject().put("data", "{\"app\":\"com.tencent.miniapp\",\"meta\":{\"x\":[1,2]}}")))
        .add(seg("node", new JsonObject().put("content", new JsonArray().add(seg("text",
            new JsonObject().put("text", "inner"))))))
        .add(new JsonObject().put("type", "shake"))
        .add(seg("markdown_v2", new JsonObject().put("content", "**x**")));
    JsonObject group = Fixtures.json("message-group-reply-array.json")
        .put("self_id", "10001").put("message_id", "-2034567123").put("message_seq", 4567).put("real_id", 4567)
        .put("message_format", "array").put("group_name", "测试群").put("message", segments)
        .put("raw", new JsonObject().put("msgId", "7441").put("elements", new JsonArray().add(1).add("x")));
    out.add(group.encode());
    JsonObject noRawMessage = group.copy();
    noRawMessage.remove("raw_message"); // the decoder computes the CQ form itself
    out.add(noRawMessage.encode());
    out.add(group.copy().put("raw_message", (Object) null).encode());
    out.add(Fixtures.json("message-private-array.json").put("post_type", "message_sent").put("target_id", "20009")
        .put("message", new JsonArray().add(seg("text", new JsonObject().put("text", "sent")))).encode());
    // Escapes on the wire that encode() writes differently: the decoded value must still match.
    out.add("{\"time\":1732435300,\"self_id\":10001,\"post_type\":\"message\",\"message_type\":\"private\","
        + "\"sub_type\":\"friend\",\"message_id\":5,\"user_id\":20004,\"message\":[{\"type\":\"text\",\"data\":"
        + "{\"text\":\"\\u4e2d\\/\\t\\ud83d\\ude00\"}}],\"sender\":{\"user_id\":20004,\"nickname\":\"x\",\"age\":30}}");
    for (int n = 0; n < 6; n++) { // the burst benchmark's shape (app.BurstBenchmark.frame)
      long user = 100_000 + n * 7L;
      String text = "burst " + n + " about nothing much";
      String common = "{\"self_id\":10001,\"user_id\":" + user + ",\"time\":1732435300,\"message_id\":" + (n + 1)
          + ",\"message_seq\":" + (n + 1) + ",\"real_id\":" + (n + 1) + ",\"raw_message\":\"" + text
          + "\",\"font\":14,\"message\":[{\"type\":\"text\",\"data\":{\"text\":\"" + text + "\"}}],"
          + "\"message_format\":\"array\",\"post_type\":\"message\",";
      out.add(n % 3 == 0
          ? common + "\"message_type\":\"private\",\"sub_type\":\"friend\",\"sender\":{\"user_id\":" + user
              + ",\"nickname\":\"user" + user + "\"}}"
          : common + "\"message_type\":\"group\",\"sub_type\":\"normal\",\"group_id\":" + (500_000 + n)
              + ",\"sender\":{\"user_id\":" + user + ",\"nickname\":\"user" + user
              + "\",\"card\":\"\",\"role\":\"member\"}}");
    }
    return out;
  }

  private static JsonObject seg(String type, JsonObject data) {
    return new JsonObject().put("type", type).put("data", data);
  }

  private static void assertSameValue(Object before, Object after, String text) {
    assertEquals(before, after, text);
    if (before != null) {
      assertEquals(before.getClass(), after.getClass(), text);
      assertEquals(Json.encode(before), Json.encode(after), "field order and number forms of " + text);
    }
    if (before instanceof JsonObject o) {
      JsonObject a = (JsonObject) after;
      for (String key : o.fieldNames()) { // number types too: Integer stays Integer, Long stays Long
        Object v = o.getValue(key);
        assertEquals(v == null ? null : v.getClass(), a.getValue(key) == null ? null : a.getValue(key).getClass(),
            key + " in " + text);
      }
    }
  }

  private static String failure(Runnable parse) {
    try {
      parse.run();
      return null;
    } catch (DecodeException e) {
      return e.getMessage();
    }
  }
}
