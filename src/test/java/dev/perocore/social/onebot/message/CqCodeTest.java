package dev.perocore.social.onebot.message;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The string format: parsing, escaping both ways, tolerance of malformed codes, round trips. */
class CqCodeTest {

  private static List<Segment> text(String s) {
    return List.of(Segment.text(s));
  }

  @Test
  void parsesCodesBetweenText() {
    List<Segment> segs = CqCode.parse("前[CQ:at,qq=10001] 中[CQ:face,id=178][CQ:shake]后");
    assertEquals(List.of(Segment.text("前"), Segment.at(10001), Segment.text(" 中"), Segment.face("178"),
        Segment.of("shake", new JsonObject()), Segment.text("后")), segs);
  }

  @Test
  void unescapesTextAndValuesInOnePass() {
    assertEquals(text("[100] & 运费,包邮"), CqCode.parse("&#91;100&#93; &amp; 运费&#44;包邮"));
    assertEquals(text("&#91;"), CqCode.parse("&amp;#91;"), "an escaped ampersand is not re-read as an escape");
    assertEquals(text("a & b &unknown; &#12; &"), CqCode.parse("a & b &unknown; &#12; &"), "bare & tolerated");
    Segment share = CqCode.parse("[CQ:share,url=https://a.example/?x=1&amp;y=2,title=a&#44;b&#91;c&#93;]").get(0);
    assertEquals(new JsonObject().put("url", "https://a.example/?x=1&y=2").put("title", "a,b[c]"), share.data());
  }

  @Test
  void escapesTextAndParamsAsTheSpecSays() {
    assertEquals("a&amp;b&#91;c&#93;d,e", CqCode.encode(text("a&b[c]d,e")));
    assertEquals("[CQ:image,file=a&#44;b&amp;&#91;&#93;]", CqCode.encode(List.of(Segment.image("a,b&[]"))));
    assertEquals("a&amp;b&#91;c&#93;d,e", CqCode.escapeText("a&b[c]d,e"));
    assertEquals("a&amp;b&#91;c&#93;d&#44;e", CqCode.escapeParam("a&b[c]d,e"));
    assertEquals("a&b[c]d,e", CqCode.unescape("a&amp;b&#91;c&#93;d&#44;e"));
  }

  @Test
  void malformedCodesAreText() {
    for (String s : new String[] {
        "[CQ:at,qq=1", "[CQ:", "[CQ:]", "[CQ:at qq=1]", "[CQ:,qq=1]", "[CQ:at,=1]", "[CQ:image,file=a[b]",
        "[cq:at,qq=1]", "[ CQ:at,qq=1]", "[CQ:中文]", "]]][[[", "[CQ:at,qq=1[CQ:face"}) {
      assertEquals(text(s), CqCode.parse(s), s);
    }
    assertEquals(List.of(Segment.text("[CQ:x,a=[b"), Segment.face("1")), CqCode.parse("[CQ:x,a=[b[CQ:face,id=1]"),
        "a broken code does not swallow the good one after it");
    assertEquals(List.of(), CqCode.parse(""));
    assertEquals(List.of(), CqCode.parse(null));
  }

  @Test
  void oddButReadableCodes() {
    assertEquals(new JsonObject().put("force", ""), CqCode.parse("[CQ:shake,force]").get(0).data(),
        "a bare flag is a key with an empty value");
    assertEquals(new JsonObject().put("qq", "1"), CqCode.parse("[CQ:at,qq=1,]").get(0).data(), "trailing comma");
    assertEquals(new JsonObject().put("qq", "1"), CqCode.parse("[CQ:at, qq=1, ]").get(0).data(), "blank parts");
    assertEquals(text("[CQ:at, =1]"), CqCode.parse("[CQ:at, =1]"), "blank key");
    assertEquals(new JsonObject().put("text", "a=b"), CqCode.parse("[CQ:custom_x,text=a=b]").get(0).data());
    Segment unknown = CqCode.parse("[CQ:custom_x,text=a=b]").get(0);
    assertEquals("custom_x", assertInstanceOf(Segment.Generic.class, unknown).type());
  }

  @Test
  void nonStringValuesAreWrittenAsText() {
    Segment node = Segment.of("node", new JsonObject().put("user_id", 10001).put("nickname", "pero")
        .put("content", new JsonArray().add(new JsonObject().put("type", "text")
            .put("data", new JsonObject().put("text", "hi")))));
    String cq = CqCode.encode(List.of(node));
    assertEquals("[CQ:node,user_id=10001,nickname=pero,content="
        + CqCode.escapeParam("[{\"type\":\"text\",\"data\":{\"text\":\"hi\"}}]") + "]", cq);
    assertEquals("[{\"type\":\"text\",\"data\":{\"text\":\"hi\"}}]", CqCode.parse(cq).get(0).data().getString("content"));
    assertEquals("[CQ:face,id=178]", CqCode.encode(List.of(Segment.of("face", new JsonObject().put("id", 178.0)))));
  }

  // ---- properties --------------------------------------------------------------------------------

  private static final String[] TRICKY = {
      "&", "[", "]", ",", "=", "&amp;", "&#91;", "&#93;", "&#44;", "&#", ";", "[CQ:", "[CQ:at,qq=1]", "CQ", ":",
      "a", "中", " ", "\n", "😀", "]]", "[[", "&amp;#44;", "[CQ:face,id=", "\\"};

  private static String trickyString(Random r, int maxTokens) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(maxTokens + 1);
    for (int i = 0; i < n; i++) {
      sb.append(TRICKY[r.nextInt(TRICKY.length)]);
    }
    return sb.toString();
  }

  private static Segment randomSegment(Random r) {
    return switch (r.nextInt(8)) {
      case 0, 1, 2 -> Segment.text(trickyString(r, 6));
      case 3 -> r.nextBoolean() ? Segment.at(r.nextLong()) : Segment.atAll();
      case 4 -> Segment.face(Integer.toString(r.nextInt(400)));
      case 5 -> Segment.of("image", new JsonObject().put("file", trickyString(r, 4)).put("url", trickyString(r, 4)));
      case 6 -> Segment.reply(Integer.toString(r.nextInt()));
      default -> Segment.of("napcat_future_" + r.nextInt(3), new JsonObject().put("k_" + r.nextInt(3), trickyString(r, 5)));
    };
  }

  /** What the string format can express: adjacent texts merged, empty texts dropped. */
  private static List<Segment> normalized(List<Segment> in) {
    List<Segment> out = new ArrayList<>();
    for (Segment s : in) {
      if (s instanceof Segment.Text t) {
        if (t.text().isEmpty()) {
          continue;
        }
        if (!out.isEmpty() && out.get(out.size() - 1) instanceof Segment.Text prev) {
          out.set(out.size() - 1, Segment.text(prev.text() + t.text()));
          continue;
        }
      }
      out.add(s);
    }
    return out;
  }

  @Test
  void oneTextWithNothingToEscapeIsItsOwnCqForm() {
    String plain = "你好, world 123";
    assertSame(plain, CqCode.encode(List.of(Segment.text(plain))), "no copy of a text with nothing to escape");
    assertEquals("a&amp;b,c", CqCode.encode(List.of(Segment.text("a&b,c"))));
    assertEquals("", CqCode.encode(List.of(Segment.text(""))));
    // The one-text shortcut agrees with the general path (a text beside another segment).
    Random r = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      String s = trickyString(r, 12);
      String alone = CqCode.encode(List.of(Segment.text(s)));
      String withFace = CqCode.encode(List.of(Segment.text(s), Segment.face("1")));
      assertEquals(withFace, alone + "[CQ:face,id=1]", "text: " + s);
    }
  }

  @Test
  void anyTextRoundTripsExactly() {
    Random r = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      String s = trickyString(r, 12);
      String cq = Message.ofText(s).toCqString();
      assertEquals(s.isEmpty() ? List.of() : text(s), CqCode.parse(cq), "text: " + s + " cq: " + cq);
    }
  }

  @Test
  void anySegmentListRoundTripsThroughTheStringFormat() {
    Random r = new Random(2);
    for (int i = 0; i < 10_000; i++) {
      List<Segment> segs = new ArrayList<>();
      int n = r.nextInt(7);
      for (int k = 0; k < n; k++) {
        segs.add(randomSegment(r));
      }
      String cq = CqCode.encode(segs);
      List<Segment> back = CqCode.parse(cq);
      assertEquals(normalized(segs), back, "cq: " + cq);
      assertEquals(cq, CqCode.encode(back), "encode(parse(encode(x))) == encode(x)");
    }
  }

  @Test
  void anySegmentListRoundTripsThroughTheArrayFormat() {
    Random r = new Random(3);
    for (int i = 0; i < 5_000; i++) {
      List<Segment> segs = new ArrayList<>();
      int n = r.nextInt(7);
      for (int k = 0; k < n; k++) {
        segs.add(randomSegment(r));
      }
      Message m = Message.of(segs);
      JsonArray array = m.toJsonArray();
      assertEquals(m, Message.parse(array));
      assertEquals(array, Message.parse(new JsonArray(array.encode())).toJsonArray(), "through JSON text too");
      assertEquals(Message.of(normalized(segs)), Message.parse(m.toCqString()), "array -> string -> segments");
    }
  }

  @Test
  void arbitraryInputParsesAndReparsesStably() {
    Random r = new Random(4);
    for (int i = 0; i < 20_000; i++) {
      String s = trickyString(r, 15);
      List<Segment> once = CqCode.parse(s);
      assertEquals(normalized(once), CqCode.parse(CqCode.encode(once)), "input: " + s);
    }
  }
}
