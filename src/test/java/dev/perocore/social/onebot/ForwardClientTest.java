package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Forward WebSocket: the gateway connects out, learns the bot, and reconnects forever. */
class ForwardClientTest {

  @Test
  void connectsLearnsTheBotAndReconnectsAfterThePeerRestarts() {
    // The implementation side runs on its own Vert.x, as a separate process would.
    GuardedVertx peer = GuardedVertx.with(TestConfig.defaults().guard());
    try {
      OneBotSimulator sim = new OneBotSimulator(peer.vertx, 10001).heartbeat(Duration.ZERO)
          .token("fwd-token", dev.perocore.social.sim.TokenStyle.BEARER);
      int port = OnContext.await(sim.serveForward(0));
      OneBotConfig config = TestConfig.onebot(Map.of(
          "onebot.forward", List.of(Map.of("url", "ws://127.0.0.1:" + port + "/", "token", "fwd-token")),
          "onebot.reconnect_min", "50ms", "onebot.reconnect_max", "400ms"));
      try (GatewayFixture gw = GatewayFixture.start(config)) {
        gw.waitForBot(10001, ClientRole.UNIVERSAL);
        // The bot counts as connected when the socket opens; its get_login_info reaches the peer's
        // own loop a moment later (an immediate assert here failed once on a loaded machine).
        gw.waitFor("get_login_info asked", () -> !sim.actionsReceived("get_login_info").isEmpty());
        assertEquals(1, sim.actionsReceived("get_login_info").size());
        OnContext.await(sim.send(sim.privateMessage(20001, "over forward")));
        gw.waitFor("message", () -> gw.messages().size() == 1);
        assertEquals("ok", gw.call(10001, "get_status", new JsonObject()).status());

        // NapCat restarts: its server goes away for a while (several failed attempts), then returns.
        OnContext.await(sim.stopForward());
        gw.waitFor("disconnected", () -> !gw.gateway.bot(10001).orElseThrow().connected());
        gw.waitFor("a few failed attempts", () -> gw.counter("social.tasks", "kind",
            "onebot.forward.connect", "outcome", "failure") >= 2);
        OnContext.await(sim.serveForward(port));
        gw.waitForBot(10001, ClientRole.UNIVERSAL);
        OnContext.await(sim.send(sim.privateMessage(20001, "after the restart")));
        gw.waitFor("second message", () -> gw.messages().size() == 2);
        assertTrue(sim.actionsReceived("get_login_info").size() >= 2);
      }
      OnContext.await(sim.close());
    } finally {
      peer.close();
    }
  }

  @Test
  void aWrongTokenKeepsRetryingWithoutConnecting() {
    GuardedVertx peer = GuardedVertx.with(TestConfig.defaults().guard());
    try {
      OneBotSimulator sim = new OneBotSimulator(peer.vertx, 10001).heartbeat(Duration.ZERO)
          .token("right", dev.perocore.social.sim.TokenStyle.BEARER);
      int port = OnContext.await(sim.serveForward(0));
      OneBotConfig config = TestConfig.onebot(Map.of(
          "onebot.forward", List.of(Map.of("url", "ws://127.0.0.1:" + port + "/", "token", "wrong")),
          "onebot.reconnect_min", "20ms", "onebot.reconnect_max", "100ms"));
      try (GatewayFixture gw = GatewayFixture.start(config)) {
        gw.waitFor("several refused attempts", () -> gw.counter("social.tasks", "kind",
            "onebot.forward.connect", "outcome", "failure") >= 3);
        assertTrue(gw.gateway.bots().isEmpty());
      }
      OnContext.await(sim.close());
    } finally {
      peer.close();
    }
  }
}
