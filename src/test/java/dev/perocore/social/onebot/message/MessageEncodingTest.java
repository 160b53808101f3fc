package dev.perocore.social.onebot.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A message's two stored encodings, computed once and without copies, are the characters the
 * straightforward way gives: {@code toJsonArray().encode()} for the JSON text, and for the CQ text
 * an escaper written here the plain way (every character looked at, every data value copied out).
 */
class MessageEncodingTest {

  /** Characters that exercise both encoders' escaping, and plain ones. */
  private static final String ALPHABET = "ab 中😀&[],=\"\\/\t\n\u0001\u001f\u007f\u2028#;19";

  @Test
  void randomMessagesEncodeAsTheStraightforwardWay() {
    Random random = new Random(12);
    for (int n = 0; n < 3000; n++) {
      List<Segment> segments = new ArrayList<>();
      for (int s = random.nextInt(4); s >= 0; s--) {
        segments.add(randomSegment(random));
      }
      Message m = Message.of(segments);
      assertEquals(m.toJsonArray().encode(), m.jsonText(), "JSON of " + m.toJsonArray());
      assertEquals(referenceCq(m), m.toCqString(), "CQ of " + m.toJsonArray());
      assertSame(m.jsonText(), m.jsonText(), "computed once");
      assertSame(m.toCqString(), m.toCqString(), "computed once");
    }
  }

  @Test
  void everyValueShapeEncodesAsVertxDoes() {
    JsonObject data = new JsonObject().put("s", "x").put("i", 7).put("l", 12345678901234L).put("b", true)
        .put("n", (Object) null).put("d", 1.5).put("whole", 178.0).put("big", new BigInteger("123456789012345678901"))
        .put("dec", new BigDecimal("1.50")).put("o", new JsonObject().put("k", "v\"")).put("a", new JsonArray().add(1))
        .put("map", Map.of("k", 1)).put("list", List.of("x"));
    Message m = Message.of(Segment.of("custom_thing", data), Segment.text("t"));
    assertEquals(m.toJsonArray().encode(), m.jsonText());
    assertEquals(referenceCq(m), m.toCqString());
    assertEquals("[]", Message.empty().jsonText());
    assertEquals("", Message.empty().toCqString());
  }

  @Test
  void oneTextEncodesAsVertxDoesWhateverItHolds() {
    for (String text : List.of("plain", "中文 😀", "", "quote\"", "back\\slash", "tab\t", "\u2028")) {
      Message m = Message.of(Segment.text(text));
      assertEquals(m.toJsonArray().encode(), m.jsonText(), text);
    }
    // A text segment with more than its text (a peer's extra field) keeps the field.
    Message extra = Message.of(Segment.of("text", new JsonObject().put("text", "hi").put("x", 1)));
    assertEquals(extra.toJsonArray().encode(), extra.jsonText());
    Message numeric = Message.of(Segment.of("text", new JsonObject().put("text", 12)));
    assertEquals(numeric.toJsonArray().encode(), numeric.jsonText());
  }

  private static Segment randomSegment(Random random) {
    String[] types = {"text", "at", "image", "face", "reply", "mface", "x_unknown"};
    String type = types[random.nextInt(types.length)];
    if (type.equals("text")) {
      return Segment.text(randomString(random));
    }
    JsonObject data = new JsonObject();
    for (int k = random.nextInt(4); k > 0; k--) {
      String key = random.nextInt(5) == 0 ? randomString(random) : "k" + k;
      switch (random.nextInt(5)) {
        case 0 -> data.put(key, random.nextInt());
        case 1 -> data.put(key, random.nextLong());
        case 2 -> data.put(key, random.nextBoolean());
        default -> data.put(key, randomString(random));
      }
    }
    return Segment.of(type, data);
  }

  private static String randomString(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      int at = random.nextInt(ALPHABET.length());
      sb.append(random.nextInt(3) == 0 ? ALPHABET.charAt(at) : (char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }

  /** CQ text the plain way: what CqCode.encode did before it copied clean runs in bulk. */
  private static String referenceCq(Message m) {
    StringBuilder sb = new StringBuilder();
    for (Segment seg : m.segments()) {
      if (seg instanceof Segment.Text t) {
        sb.append(escape(t.text(), false));
        continue;
      }
      sb.append("[CQ:").append(seg.type());
      for (Map.Entry<String, Object> e : seg.data()) {
        Object v = e.getValue();
        String text = v == null ? "" : v instanceof String s ? s : v instanceof JsonObject o ? o.encode()
            : v instanceof JsonArray a ? a.encode() : SegmentValues.scalarToString(v);
        sb.append(',').append(escape(e.getKey(), true)).append('=').append(escape(text, true));
      }
      sb.append(']');
    }
    return sb.toString();
  }

  private static String escape(String s, boolean param) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '[' -> sb.append("&#91;");
        case ']' -> sb.append("&#93;");
        case ',' -> sb.append(param ? "&#44;" : ",");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
