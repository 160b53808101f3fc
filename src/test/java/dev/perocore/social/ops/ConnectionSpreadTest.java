package dev.perocore.social.ops;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.onebot.EventRouter;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.onebot.event.LifecycleEvent;
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
 * Every event loop serves connections: four bots connected to the service port are read by four
 * different event loops (one service server instance per loop), not all by the loop that
 * deployed the server; and four the gateway connects out to ({@code onebot.forward}) likewise,
 * not all by the gateway's own loop.
 */
class ConnectionSpreadTest {

  private final GuardedVertx gv = GuardedVertx.fast();
  private final GuardedVertx peer = GuardedVertx.fast();
  private final List<OneBotSimulator> sims = new ArrayList<>();
  /** The thread each bot's message events are handed on from: the loop reading its socket. */
  private final Map<Long, String> readBy = new ConcurrentHashMap<>();
  private final EventRouter recording = event -> {
    if (event.event() instanceof MessageEvent) {
      readBy.put(event.selfId(), Thread.currentThread().getName());
    }
    return null;
  };

  @AfterEach
  void tearDown() {
    sims.forEach(sim -> await(sim.close()));
    gv.close();
    peer.close();
  }

  @Test
  void fourBotsAreReadByFourEventLoops() {
    OneBotConfig onebot = TestConfig.defaults().onebot();
    OneBotGatewayVerticle gateway =
        new OneBotGatewayVerticle(gv.guard, Duration.ofSeconds(2), onebot, recording);
    await(gv.vertx.deployVerticle(gateway));
    ServiceServer service = GatewayServer.deploy(gv, gateway, onebot);

    for (long selfId = 20001; selfId <= 20004; selfId++) {
      OneBotSimulator sim = new OneBotSimulator(gv.vertx, selfId).heartbeat(Duration.ZERO);
      sims.add(sim);
      await(sim.connectUniversal(service.actualPort(), OneBotGatewayVerticle.PATH_UNIVERSAL));
    }
    assertEachBotReadOnItsOwnLoop(gateway, "four connections");
  }

  @Test
  void fourForwardBotsAreReadByFourEventLoops() {
    // Each implementation serves on its own Vert.x, as a separate process would.
    List<Map<String, Object>> targets = new ArrayList<>();
    for (long selfId = 20001; selfId <= 20004; selfId++) {
      OneBotSimulator sim = new OneBotSimulator(peer.vertx, selfId).heartbeat(Duration.ZERO);
      sims.add(sim);
      targets.add(Map.of("url", "ws://127.0.0.1:" + await(sim.serveForward(0)) + "/"));
    }
    OneBotConfig onebot = TestConfig.onebot(Map.of("onebot.forward", targets));
    OneBotGatewayVerticle gateway =
        new OneBotGatewayVerticle(gv.guard, Duration.ofSeconds(2), onebot, recording);
    await(gv.vertx.deployVerticle(gateway));

    assertEachBotReadOnItsOwnLoop(gateway, "four forward connections");
  }

  @Test
  void aForwardConnectionClosedFromTheGatewaysLoopReconnectsOnItsOwn() {
    // The gateway's watchdog closes an unresponsive connection on the gateway's own loop; the
    // connector must still reconnect from its loop, or the new connection lands on the gateway's.
    Map<String, String> connectReadBy = new ConcurrentHashMap<>(); // connection id -> thread
    EventRouter lifecycles = event -> {
      if (event.event() instanceof LifecycleEvent) {
        connectReadBy.put(event.connectionId(), Thread.currentThread().getName());
      }
      return null;
    };
    List<Map<String, Object>> targets = new ArrayList<>();
    for (long selfId = 20001; selfId <= 20004; selfId++) {
      OneBotSimulator sim = new OneBotSimulator(peer.vertx, selfId).heartbeat(Duration.ZERO);
      sims.add(sim);
      targets.add(Map.of("url", "ws://127.0.0.1:" + await(sim.serveForward(0)) + "/"));
    }
    OneBotConfig onebot = TestConfig.onebot(Map.of("onebot.forward", targets,
        "onebot.ping_interval", "40ms", "onebot.heartbeat_grace", 2.0,
        "onebot.reconnect_min", "20ms", "onebot.reconnect_max", "100ms"));
    OneBotGatewayVerticle gateway =
        new OneBotGatewayVerticle(gv.guard, Duration.ofSeconds(2), onebot, lifecycles);
    await(gv.vertx.deployVerticle(gateway));
    await(Poll.untilTrue(gv.vertx, "four connections", () -> connectReadBy.size() == 4));
    Map<String, String> first = Map.copyOf(connectReadBy);

    sims.forEach(OneBotSimulator::freeze); // pings unanswered: the watchdog closes all four
    await(Poll.untilTrue(gv.vertx, "four reconnections", () -> connectReadBy.size() >= 8));

    // Every later connection (a connector may have reconnected more than once) was read on one
    // of the four loops the first ones were: with the reconnect from the gateway's loop, they
    // would all be on that one.
    Map<String, String> later = new java.util.HashMap<>(connectReadBy);
    later.keySet().removeAll(first.keySet());
    assertEquals(new HashSet<>(first.values()), new HashSet<>(later.values()),
        "reconnected on the connectors' own loops: first " + first + ", then " + later);
    // Frozen links cannot finish a clean close: the servers go away as a killed process's do.
    sims.forEach(sim -> await(sim.stopForward()));
  }

  /** Once every bot is up and sent a message: four different event-loop threads handed them on. */
  private void assertEachBotReadOnItsOwnLoop(OneBotGatewayVerticle gateway, String what) {
    for (OneBotSimulator sim : sims) {
      long bot = sim.selfId();
      await(Poll.untilTrue(gv.vertx, "bot " + bot + " connected",
          () -> gateway.bot(bot).map(b -> b.up()).orElse(false)));
    }
    for (OneBotSimulator sim : sims) {
      await(sim.send(sim.groupMessage(300, 42, "hello from " + sim.selfId())));
    }
    await(Poll.untilTrue(gv.vertx, "a message of each bot read", () -> readBy.size() == 4));

    assertEquals(4, new HashSet<>(readBy.values()).size(), what + " on four event loops: " + readBy);
    readBy.values().forEach(thread -> assertTrue(thread.contains("eventloop"), thread));
  }
}
