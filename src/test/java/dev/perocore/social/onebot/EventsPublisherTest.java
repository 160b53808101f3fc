package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Accepted events reach {@code social.events.<kind>} as versioned JSON (issue 17): a simulator's
 * frames through the real gateway, the publisher beside the sessions' consumers.
 */
class EventsPublisherTest {

  @Test
  void messagesNoticesAndRequestsArePublishedAsJsonMetaEventsAreNot() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OnContext.await(gw.guarded.vertx.deployVerticle(
          new EventsPublisher(gw.guarded.guard, Duration.ofSeconds(1))));
      ConcurrentLinkedQueue<JsonObject> published = new ConcurrentLinkedQueue<>();
      for (String kind : List.of("message", "notice", "request", "meta_event")) {
        OnContext.await(gw.guarded.vertx.eventBus().<JsonObject>consumer(
            EventsPublisher.PREFIX + kind, m -> published.add(m.body())).completion());
      }
      OneBotSimulator sim = gw.sim(10001);
      OnContext.await(sim.connectUniversal(gw.port, OneBotGatewayVerticle.PATH_UNIVERSAL));
      for (String file : List.of("message-private-array.json", "notice-poke.json",
          "request-friend.json", "meta-heartbeat.json")) {
        OnContext.await(sim.sendRaw(EventFlowTest.fixture(file)));
      }
      gw.waitFor("the three kinds published", () -> published.size() >= 3
          && gw.events.size() >= 5);
      assertEquals(List.of("message", "notice", "request"),
          published.stream().map(j -> j.getString("kind")).sorted().toList());
      for (JsonObject event : published) {
        assertEquals(EventsPublisher.VERSION, event.getInteger("v"));
        assertEquals(10001L, event.getLong("self_id"));
        assertEquals(event.getString("kind"), event.getJsonObject("event").getString("post_type"));
      }
    }
  }
}
