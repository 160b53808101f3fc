package dev.perocore.social.brain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.guard.WireCodec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every type that crosses the brain's addresses has a codec that works across a cluster: encoded
 * to the wire and decoded on "another node", it is equal to what was sent (issue 17).
 */
class WireCodecTest {

  /** One filled-in value of every registered type, every component non-default. */
  private static final Map<Class<?>, Object> SAMPLES = samples();

  private static Map<Class<?>, Object> samples() {
    Map<Class<?>, Object> samples = new LinkedHashMap<>();
    BrainRequest request = new BrainRequest(Chats.GROUP, BrainRequest.Mode.OBSERVING,
        List.of(Chats.line(20002, "爱丽丝", "你好 [CQ:face,id=1] \"quoted\""),
            new ChatLine("m2", 10001, "Pero", "我在", 1_700_000_100L, true)),
        Chats.richContext(), Chats.BOT, List.of("ok", "cat"));
    samples.put(BrainRequest.class, request);
    samples.put(BrainDecision.Reply.class, new BrainDecision.Reply(List.of(
        new ReplyPart.Quote("m2"), new ReplyPart.Mention(20002), new ReplyPart.Text("好的"),
        new ReplyPart.Sticker("ok"))));
    samples.put(BrainDecision.Pass.class, new BrainDecision.Pass("nothing to add"));
    samples.put(SummaryRequest.class, new SummaryRequest(Chats.PRIVATE,
        List.of(Chats.line(20002, "Alice", "remember the cat"))));
    samples.put(Summary.class, new Summary("Alice has a cat", List.of("cat", "Alice")));
    samples.put(FriendRequestQuestion.class,
        new FriendRequestQuestion(10001, 20002, "hi, from the group", FriendRequestQuestion.FRIEND));
    samples.put(RequestVerdict.class, RequestVerdict.REJECT);
    return samples;
  }

  @Test
  void everyRegisteredTypeHasASample() {
    assertEquals(Set.copyOf(BrainCodecs.TYPES), SAMPLES.keySet());
  }

  @Test
  void everyTypeSurvivesTheWireEqualButNotTheSameObject() {
    for (Class<?> type : BrainCodecs.TYPES) {
      Object sent = SAMPLES.get(type);
      Object received = roundTrip(type, sent);
      assertEquals(sent, received, type.getSimpleName());
      if (!(sent instanceof Enum<?>)) {
        assertNotSame(sent, received, type.getSimpleName() + " was decoded, not shared");
      }
    }
  }

  @Test
  void inOneJvmTheRecordItselfIsHandedOver() {
    BrainRequest request = (BrainRequest) SAMPLES.get(BrainRequest.class);
    assertTrue(new WireCodec<>(BrainRequest.class).transform(request) == request);
  }

  @Test
  void theWireIsVersionedJsonAndAnotherVersionIsRefusedWithAReason() {
    WireCodec<Summary> codec = new WireCodec<>(Summary.class);
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, new Summary("s", List.of("k")));
    JsonObject envelope = new JsonObject(wire.getBuffer(4, wire.length()));
    assertEquals(WireCodec.VERSION, envelope.getInteger("v"));
    assertEquals("s", envelope.getJsonObject("body").getString("summary"));

    Buffer future = Buffer.buffer();
    Buffer json = envelope.copy().put("v", 2).toBuffer();
    future.appendInt(json.length()).appendBuffer(json);
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> codec.decodeFromWire(0, future));
    assertTrue(refused.getMessage().contains("wire version 2"), refused.getMessage());
  }

  @Test
  void anEmptyOptionalAndEmptyCollectionsTravelToo() {
    BrainRequest bare = new BrainRequest(Chats.PRIVATE, BrainRequest.Mode.SUMMONED, List.of(),
        new BrainContext(List.of(), Map.of(), Optional.empty(), List.of()), Chats.BOT);
    assertEquals(bare, roundTrip(BrainRequest.class, bare));
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(Class<T> type, Object value) {
    WireCodec<T> codec = new WireCodec<>(type);
    Buffer wire = Buffer.buffer("prefix");
    codec.encodeToWire(wire, (T) value);
    return codec.decodeFromWire("prefix".length(), wire);
  }

}
