package dev.perocore.social.brain;

import static dev.perocore.social.brain.BrainRequest.Mode.SUMMONED;
import static dev.perocore.social.testing.OnContext.await;
import static dev.perocore.social.testing.OnContext.call;
import static dev.perocore.social.testing.OnContext.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.guard.WireCodec;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Context;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Brain requests that leave the process ({@code brain.local: false}) travel as the codecs'
 * versioned JSON, so a TCP bridge client can serve them: the client sends JSON and reads a JSON
 * answer as the record; the brain verticle reads a JSON question and answers in JSON; a malformed
 * question is refused with its reason.
 */
class BrainJsonTest {

  private GuardedVertx gv;
  private Context session;
  private TaskSet tasks;

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    BrainRoute.set(gv.vertx, BrainRoute.CLUSTER);
    session = gv.vertx.getOrCreateContext();
    tasks = call(session, () -> gv.guard.newTaskSet("test-session"));
  }

  @AfterEach
  void tearDown() {
    gv.close();
  }

  private static BrainRequest request() {
    return new BrainRequest(Chats.GROUP, SUMMONED, List.of(Chats.line(20002, "Alice", "你好")),
        Chats.richContext(), Chats.BOT);
  }

  @Test
  void offTheProcessTheQuestionIsJsonAndAJsonAnswerIsReadAsTheRecord() {
    BrainClient client = call(session, () -> new BrainClient(gv.vertx, tasks,
        Duration.ofSeconds(5)));
    AtomicReference<Object> received = new AtomicReference<>();
    gv.vertx.eventBus().consumer(BrainAddresses.DECIDE, message -> {
      received.set(message.body());
      message.reply(new JsonObject().put("v", 1).put("body", new JsonObject()
          .put("type", "Reply").put("parts", List.of(Map.of("type", "Text", "text", "ok")))));
    });
    BrainRequest request = request();

    BrainDecision answer = await(call(session, () -> client.decide(request)));

    JsonObject asked = assertInstanceOf(JsonObject.class, received.get());
    assertEquals(1, asked.getInteger("v"));
    assertEquals(Chats.GROUP, asked.getJsonObject("body").getString("sessionKey"));
    // The fields the README's "Subscribers" example shows a bridge client.
    assertEquals(List.of("sessionKey", "mode", "messages", "context", "bot", "stickers", "images"),
        List.copyOf(asked.getJsonObject("body").fieldNames()));
    assertEquals(List.of("messageId", "senderId", "senderName", "text", "epochSeconds", "fromBot"),
        List.copyOf(asked.getJsonObject("body").getJsonArray("messages").getJsonObject(0)
            .fieldNames()));
    assertEquals(request, WireCodec.open(asked, BrainRequest.class), "nothing lost");
    assertEquals(new BrainDecision.Reply("ok"), answer);
  }

  @Test
  void anAnswerThatIsNotADecisionFailsTheCallWithTheReason() {
    BrainClient client = call(session, () -> new BrainClient(gv.vertx, tasks,
        Duration.ofSeconds(5)));
    gv.vertx.eventBus().<Object>consumer(BrainAddresses.DECIDE, message -> message.reply(
        new JsonObject().put("v", 1).put("body", new JsonObject().put("type", "Shout"))));

    Throwable failed = failure(call(session, () -> client.decide(request())));

    assertInstanceOf(IllegalArgumentException.class, failed);
    assertTrue(failed.getMessage().contains("BrainDecision has no kind Shout"), failed.getMessage());
    assertEquals("error", BrainClient.failureLabel(failed));
  }

  @Test
  void theBrainVerticleAnswersAJsonQuestionInJsonAndRefusesAMalformedOne() {
    await(gv.vertx.deployVerticle(new BrainVerticle(gv.guard, Duration.ofSeconds(1),
        TestConfig.brain(Map.of("brain.kind", "echo")))));
    JsonObject question = WireCodec.envelope(request(), BrainRequest.class);

    Message<Object> answered = await(gv.vertx.eventBus().request(BrainAddresses.DECIDE,
        question));

    JsonObject answer = assertInstanceOf(JsonObject.class, answered.body());
    assertEquals("Reply", answer.getJsonObject("body").getString("type"), answer.encode());
    assertInstanceOf(BrainDecision.Reply.class, WireCodec.open(answer, BrainDecision.class));

    JsonObject malformed = new JsonObject().put("v", 1).put("body", new JsonObject()
        .put("mode", "SHOUTING"));
    try (LogCapture log = LogCapture.of(BrainVerticle.class)) {
      ReplyException refused = assertInstanceOf(ReplyException.class, failure(
          gv.vertx.eventBus().request(BrainAddresses.DECIDE, malformed)));
      assertEquals(400, refused.failureCode());
      assertTrue(refused.getMessage().startsWith("expected BrainRequest: not a BrainRequest"),
          refused.getMessage());
      assertTrue(log.contains("brain refused a message on social.brain", "SHOUTING"),
          log.lines().toString());
    }
  }
}
