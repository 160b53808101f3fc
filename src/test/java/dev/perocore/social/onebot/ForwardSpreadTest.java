package dev.perocore.social.onebot;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forward connections are spread over the event loops too: four bots the gateway connects out to
 * are read by four different event loops, not all by the gateway's own.
 */
class ForwardSpreadTest {

  private final GuardedVertx peer = GuardedVertx.fast();
  private final GuardedVertx gv = GuardedVertx.fast();
  private final List<OneBotSimulator> sims = new ArrayList<>();

  @AfterEach
  void tearDown() {
    gv.close();
    sims.forEach(sim -> await(sim.close()));
    peer.close();
  }

  @Test
  void fourForwardBotsAreReadByFourEventLoops() {
    List<Map<String, Object>> targets = new ArrayList<>();
    for (long selfId = 20001; selfId <= 20004; selfId++) {
      OneBotSimulator sim = new OneBotSimulator(peer.vertx, selfId).heartbeat(Duration.ZERO);
      sims.add(sim);
      int port = await(sim.serveForward(0));
      targets.add(Map.of("url", "ws://127.0.0.1:" + port + "/"));
    }
    OneBotConfig onebot = TestConfig.onebot(Map.of("onebot.forward", targets));
    Map<Long, String> readBy = new ConcurrentHashMap<>();
    EventRouter recording = event -> {
      if (event.event() instanceof MessageEvent) {
        readBy.put(event.selfId(), Thread.currentThread().getName());
      }
      return null;
    };
    OneBotGatewayVerticle gateway =
        new OneBotGatewayVerticle(gv.guard, Duration.ofSeconds(2), onebot, recording);
    await(gv.vertx.deployVerticle(gateway));
    for (OneBotSimulator sim : sims) {
      long bot = sim.selfId();
      await(Poll.untilTrue(gv.vertx, "bot " + bot + " connected",
          () -> gateway.bot(bot).map(b -> b.up()).orElse(false)));
    }
    for (OneBotSimulator sim : sims) {
      await(sim.send(sim.groupMessage(300, 42, "hello from " + sim.selfId())));
    }
    await(Poll.untilTrue(gv.vertx, "a message of each bot read", () -> readBy.size() == 4));

    assertEquals(4, new HashSet<>(readBy.values()).size(),
        "four forward connections on four event loops: " + readBy);
    readBy.values().forEach(thread -> assertTrue(thread.contains("eventloop"), thread));
  }
}
