package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 5 through the whole service: a TCP bridge client (plain socket, the bridge's
 * framing) subscribes to {@code social.events.*} and serves {@code social.brain} for a full node
 * with {@code brain.local: false} and no cluster. What the simulator's user wrote reaches the
 * client as an event and as a brain request; the client's answer is the reply QQ gets; the send
 * and a friend request's approval reach the client as events.
 */
class BridgeServiceTest {

  @TempDir Path dir;

  @Test
  void aBridgeClientHearsEveryKindAndServesTheBrainOfAFullNode() throws Exception {
    try (BridgeService service = new BridgeService(dir);
        BridgeTestClient client = BridgeTestClient.connect(service.bridgePort,
            BridgeService.TOKEN)) {
      client.register("social.events.message", "social.events.notice", "social.events.request",
          "social.events.request_outcome", "social.events.outbound", "social.brain");
      service.connectBot();

      service.send(service.sim.privateMessage(20002, "你好, bridge"));
      JsonObject message = client.next("social.events.message").getJsonObject("body");
      assertEquals(1, message.getInteger("v"));
      assertEquals("message", message.getString("kind"));
      assertEquals(BridgeService.SELF, message.getLong("self_id"));
      assertEquals("你好, bridge", message.getJsonObject("event").getString("raw_message"));

      JsonObject ask = client.next("social.brain");
      assertNotNull(ask.getString("replyAddress"), ask.encode());
      JsonObject request = ask.getJsonObject("body");
      assertEquals(1, request.getInteger("v"), "the WireCodec envelope");
      JsonObject asked = request.getJsonObject("body");
      assertEquals("10001:private:20002", asked.getString("sessionKey"));
      assertEquals("SUMMONED", asked.getString("mode"));
      JsonArray lines = asked.getJsonArray("messages");
      String text = lines.getJsonObject(lines.size() - 1).getString("text");
      assertEquals("你好, bridge", text);
      String answer = "bridge heard: " + text;
      client.reply(ask, new JsonObject().put("v", 1).put("body", new JsonObject()
          .put("type", "Reply").put("parts", new JsonArray().add(new JsonObject()
              .put("type", "Text").put("text", answer)))));

      service.waitForPrivateText(answer);
      JsonObject outbound = client.next("social.events.outbound").getJsonObject("body");
      assertEquals("outbound", outbound.getString("kind"));
      assertEquals("reply", outbound.getString("reason"));
      assertEquals("sent", outbound.getString("result"));
      assertEquals("10001:private:20002", outbound.getString("session"));
      assertEquals(new JsonObject().put("type", "private").put("peer_id", 20002L),
          outbound.getJsonObject("chat"));
      assertEquals(answer, outbound.getString("text"));
      assertFalse(outbound.getString("message_id", "").isEmpty(), outbound.encode());
      assertTrue(outbound.getBoolean("stored"), outbound.encode());

      service.send(service.sim.pokeNotice(30003, 20002));
      JsonObject notice = client.next("social.events.notice").getJsonObject("body");
      assertEquals("poke", notice.getJsonObject("event").getString("sub_type"));

      service.send(service.sim.friendRequest(40004, "let me in"));
      JsonObject friend = client.next("social.events.request").getJsonObject("body");
      assertEquals("friend", friend.getJsonObject("event").getString("request_type"));
      JsonObject outcome = client.next("social.events.request_outcome").getJsonObject("body");
      assertEquals(1, outcome.getInteger("v"));
      assertEquals("friend", outcome.getString("request_kind"));
      assertEquals("approved", outcome.getString("outcome"));
      assertEquals("policy", outcome.getString("by"));
      assertEquals(40004L, outcome.getLong("user_id"));
      assertEquals("let me in", outcome.getString("comment"));
      assertEquals(1, service.sim.actionsReceived("set_friend_add_request").size());
      // No brain of its own answered: the reply can only have come from the client.
      assertTrue(service.gv.registry.find("social.brain.decisions").counters().isEmpty());
    }
  }
}
