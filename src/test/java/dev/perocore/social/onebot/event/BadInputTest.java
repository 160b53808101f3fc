package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every class of malformed frame is a Rejected with the right reason and a detail naming the field. */
class BadInputTest {

  private final EventDecoder decoder = new EventDecoder();

  private static Arguments bad(String fixture, String reason, String detailMentions, UnaryOperator<JsonObject> mutate) {
    return Arguments.of(fixture, reason, detailMentions, mutate);
  }

  private static JsonObject segments(JsonObject f, Object... elements) {
    JsonArray a = new JsonArray();
    for (Object e : elements) {
      a.add(e);
    }
    return f.put("message", a);
  }

  static Stream<Arguments> badFrames() {
    String priv = "message-private-array.json";
    String group = "message-group-string.json";
    return Stream.of(
        bad(priv, RejectReason.MISSING_FIELD, "post_type", f -> { f.remove("post_type"); return f; }),
        bad(priv, RejectReason.WRONG_TYPE, "post_type", f -> f.put("post_type", 1)),
        bad(priv, RejectReason.UNKNOWN_POST_TYPE, "post_type", f -> f.put("post_type", "mesage")),
        bad(priv, RejectReason.MISSING_FIELD, "self_id", f -> { f.remove("self_id"); return f; }),
        bad(priv, RejectReason.WRONG_TYPE, "self_id", f -> f.put("self_id", "ten")),
        bad(priv, RejectReason.WRONG_TYPE, "self_id", f -> f.put("self_id", 10001.5)),
        bad(priv, RejectReason.WRONG_TYPE, "self_id", f -> f.put("self_id", new JsonObject())),
        bad(priv, RejectReason.WRONG_TYPE, "self_id", f -> f.put("self_id", "99999999999999999999")),
        bad(priv, RejectReason.MISSING_FIELD, "time", f -> f.putNull("time")),
        bad(priv, RejectReason.WRONG_TYPE, "user_id", f -> f.put("user_id", true)),
        bad(priv, RejectReason.MISSING_FIELD, "message_id", f -> { f.remove("message_id"); return f; }),
        bad(priv, RejectReason.WRONG_TYPE, "message_id", f -> f.put("message_id", new JsonArray())),
        bad(priv, RejectReason.WRONG_TYPE, "message_id", f -> f.put("message_id", "  ")),
        bad(priv, RejectReason.MISSING_FIELD, "message_type", f -> { f.remove("message_type"); return f; }),
        bad(priv, RejectReason.UNKNOWN_EVENT_TYPE, "message_type", f -> f.put("message_type", "guild")),
        bad(group, RejectReason.MISSING_FIELD, "group_id", f -> { f.remove("group_id"); return f; }),
        bad(priv, RejectReason.MISSING_FIELD, "message", f -> { f.remove("message"); return f; }),
        bad(priv, RejectReason.BAD_MESSAGE, "message", f -> f.put("message", 42)),
        bad(priv, RejectReason.BAD_MESSAGE, "message", f -> f.put("message", new JsonObject().put("type", "text"))),
        bad(priv, RejectReason.BAD_MESSAGE, "message[1] has no type",
            f -> segments(f, new JsonObject().put("type", "text").put("data", new JsonObject().put("text", "a")),
                new JsonObject().put("data", new JsonObject()))),
        bad(priv, RejectReason.BAD_MESSAGE, "message[0].type",
            f -> segments(f, new JsonObject().put("type", 5).put("data", new JsonObject()))),
        bad(priv, RejectReason.BAD_MESSAGE, "message[0].type",
            f -> segments(f, new JsonObject().put("type", "").put("data", new JsonObject()))),
        bad(priv, RejectReason.BAD_MESSAGE, "message[0] is not an object", f -> segments(f, "hello")),
        bad(priv, RejectReason.BAD_MESSAGE, "message[0].data",
            f -> segments(f, new JsonObject().put("type", "text").put("data", new JsonArray()))),
        bad(priv, RejectReason.WRONG_TYPE, "sender", f -> f.put("sender", "小明")),
        bad(priv, RejectReason.WRONG_TYPE, "raw_message", f -> f.put("raw_message", new JsonObject())),
        bad(priv, RejectReason.WRONG_TYPE, "sub_type", f -> f.put("sub_type", new JsonArray())),
        bad(group, RejectReason.WRONG_TYPE, "anonymous", f -> f.put("anonymous", "anon")),
        bad("notice-group-ban.json", RejectReason.MISSING_FIELD, "notice_type", f -> { f.remove("notice_type"); return f; }),
        bad("notice-group-ban.json", RejectReason.WRONG_TYPE, "user_id", f -> f.put("user_id", "x")),
        bad("notice-group-ban.json", RejectReason.WRONG_TYPE, "duration", f -> f.put("duration", "ten minutes")),
        bad("notice-group-recall.json", RejectReason.MISSING_FIELD, "message_id", f -> { f.remove("message_id"); return f; }),
        bad("notice-poke.json", RejectReason.MISSING_FIELD, "target_id", f -> { f.remove("target_id"); return f; }),
        bad("notice-poke.json", RejectReason.WRONG_TYPE, "group_id", f -> f.put("group_id", "g")),
        bad("request-friend.json", RejectReason.MISSING_FIELD, "flag", f -> { f.remove("flag"); return f; }),
        bad("request-friend.json", RejectReason.MISSING_FIELD, "flag", f -> f.put("flag", "")),
        bad("request-friend.json", RejectReason.UNKNOWN_EVENT_TYPE, "request_type", f -> f.put("request_type", "guild")),
        bad("request-group-invite.json", RejectReason.MISSING_FIELD, "group_id", f -> { f.remove("group_id"); return f; }),
        bad("meta-heartbeat.json", RejectReason.MISSING_FIELD, "interval", f -> { f.remove("interval"); return f; }),
        bad("meta-heartbeat.json", RejectReason.WRONG_TYPE, "interval", f -> f.put("interval", -1)),
        bad("meta-heartbeat.json", RejectReason.WRONG_TYPE, "status", f -> f.put("status", "ok")),
        bad("meta-lifecycle-connect.json", RejectReason.UNKNOWN_EVENT_TYPE, "meta_event_type",
            f -> f.put("meta_event_type", "heartbeat2")));
  }

  @ParameterizedTest(name = "{0} -> {1} ({2})")
  @MethodSource("badFrames")
  void badFrameIsRejectedWithReasonAndField(String fixture, String reason, String detailMentions,
      UnaryOperator<JsonObject> mutate) {
    DecodeResult result = decoder.decode(mutate.apply(Fixtures.json(fixture)));
    DecodeResult.Rejected r = assertInstanceOf(DecodeResult.Rejected.class, result);
    assertEquals(reason, r.reason(), r.detail());
    assertTrue(r.detail().contains(detailMentions), "detail '" + r.detail() + "' names " + detailMentions);
    assertTrue(RejectReason.ALL.contains(r.reason()));
  }

  @Test
  void textThatIsNotAJsonObjectIsInvalidJson() {
    for (String text : new String[] {"", "{", "not json", "[1,2]", "42", "\"str\"", "{\"post_type\":}", "\u0000"}) {
      DecodeResult.Rejected r = assertInstanceOf(DecodeResult.Rejected.class, decoder.decodeText(text), text);
      assertEquals(RejectReason.INVALID_JSON, r.reason(), text);
    }
    assertEquals(RejectReason.INVALID_JSON,
        ((DecodeResult.Rejected) decoder.decodeText(null)).reason());
    assertEquals(RejectReason.INVALID_JSON,
        ((DecodeResult.Rejected) decoder.decode(null)).reason());
    assertEquals(RejectReason.MISSING_FIELD,
        ((DecodeResult.Rejected) decoder.decodeText("{}")).reason());
  }

  @Test
  void longPeerValuesAreShortenedInTheDetail() {
    String huge = "x".repeat(10_000);
    DecodeResult.Rejected r = (DecodeResult.Rejected) decoder.decode(Fixtures.json("meta-heartbeat.json")
        .put("post_type", huge));
    assertEquals(RejectReason.UNKNOWN_POST_TYPE, r.reason());
    assertTrue(r.detail().length() < 100, r.detail());
  }

  /**
   * Property: whatever a peer puts in any field of any event fixture (any JSON type, nested, missing),
   * the decoder answers Decoded or Rejected with a known reason, and never throws or reports its own
   * failure (decoder_error).
   */
  @Test
  void randomFieldValuesNeverThrow() {
    Random random = new Random(20261124L);
    int rejected = 0;
    int decoded = 0;
    for (int round = 0; round < 5_000; round++) {
      JsonObject frame = Fixtures.json(Fixtures.EVENTS.get(random.nextInt(Fixtures.EVENTS.size())));
      List<String> keys = new ArrayList<>(frame.fieldNames());
      int mutations = 1 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        String key = keys.get(random.nextInt(keys.size()));
        if (random.nextInt(8) == 0) {
          frame.remove(key);
        } else {
          frame.put(key, randomValue(random, 0));
        }
      }
      DecodeResult result = decoder.decode(frame);
      if (result instanceof DecodeResult.Rejected r) {
        rejected++;
        assertTrue(RejectReason.ALL.contains(r.reason()), r.reason());
        assertTrue(!r.reason().equals(RejectReason.DECODER_ERROR), r.detail() + " for " + frame.encode());
      } else {
        decoded++;
      }
    }
    assertTrue(rejected > 1000 && decoded > 100, "both outcomes exercised: " + rejected + "/" + decoded);
  }

  static Object randomValue(Random r, int depth) {
    return switch (r.nextInt(depth > 2 ? 7 : 9)) {
      case 0 -> null;
      case 1 -> r.nextInt();
      case 2 -> r.nextLong();
      case 3 -> r.nextDouble() * 1e20;
      case 4 -> r.nextBoolean();
      case 5 -> "";
      case 6 -> List.of("123", "-5", "abc", "[CQ:at,qq=1", "&#91;", "message", "notify", "poke", "1e3")
          .get(r.nextInt(9));
      case 7 -> {
        JsonObject o = new JsonObject();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
          o.put(List.of("type", "data", "text", "qq", "id").get(r.nextInt(5)), randomValue(r, depth + 1));
        }
        yield o;
      }
      default -> {
        JsonArray a = new JsonArray();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
          a.add(randomValue(r, depth + 1));
        }
        yield a;
      }
    };
  }
}
