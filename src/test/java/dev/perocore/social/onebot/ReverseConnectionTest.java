package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.sim.ActionBehaviour;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.sim.TokenStyle;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reverse WebSocket: authentication, roles, several bots, replacement — all over real sockets. */
class ReverseConnectionTest {

  private static final String U = OneBotGatewayVerticle.PATH_UNIVERSAL;

  @Test
  void tokenIsAcceptedAsBearerTokenOrQueryParameter() {
    try (GatewayFixture gw = GatewayFixture.start(
        TestConfig.onebot(Map.of("onebot.access_token", "s3cret")))) {
      long bot = 10001;
      for (TokenStyle style : TokenStyle.values()) {
        OneBotSimulator sim = gw.sim(bot).token("s3cret", style);
        OnContext.await(sim.connectUniversal(gw.port, U));
        gw.waitForBot(bot, ClientRole.UNIVERSAL);
        OnContext.await(sim.send(sim.privateMessage(20001, "hi via " + style)));
        bot++;
      }
      gw.waitFor("three messages", () -> gw.messages().size() == 3);
    }
  }

  @Test
  void wrongOrMissingTokenIsRefusedWith401OnTheUpgrade() {
    try (GatewayFixture gw = GatewayFixture.start(
        TestConfig.onebot(Map.of("onebot.access_token", "s3cret")))) {
      for (TokenStyle style : TokenStyle.values()) {
        Throwable refused = OnContext.failure(
            gw.sim(10001).token("wrong", style).connectUniversal(gw.port, U));
        assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, refused).getStatus());
      }
      Throwable missing = OnContext.failure(gw.sim(10001).connectUniversal(gw.port, U));
      assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, missing).getStatus());
      // A prefix of the token is not the token.
      Throwable prefix = OnContext.failure(
          gw.sim(10001).token("s3cre", TokenStyle.BEARER).connectUniversal(gw.port, U));
      assertEquals(401, assertInstanceOf(UpgradeRejectedException.class, prefix).getStatus());
      assertTrue(gw.gateway.bots().isEmpty(), "no bot registered by a refused connection");
    }
  }

  @Test
  void missingSelfIdIsRefusedWith400() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      var client = gw.guarded.vertx.createWebSocketClient();
      Throwable refused = OnContext.failure(client.connect(gw.port, "127.0.0.1", U));
      assertEquals(400, assertInstanceOf(UpgradeRejectedException.class, refused).getStatus());
    }
  }

  @Test
  void splitRolesCarryEventsAndActionsOnTheirOwnConnections() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OneBotSimulator sim = gw.sim(10001);
      OnContext.await(sim.connectSplit(gw.port, OneBotGatewayVerticle.PATH_EVENT,
          OneBotGatewayVerticle.PATH_API));
      gw.waitForBot(10001, ClientRole.EVENT, ClientRole.API);
      assertEquals(1, gw.gauge("social.onebot.connections", "role", "event"));
      assertEquals(1, gw.gauge("social.onebot.connections", "role", "api"));
      OnContext.await(sim.send(sim.groupMessage(30001, 20001, "split")));
      gw.waitFor("the message", () -> gw.messages().size() == 1);
      ActionResult result = gw.call(10001, "get_status", new JsonObject());
      assertEquals("ok", result.status());
      assertEquals(1, sim.actionsReceived("get_status").size());
    }
  }

  @Test
  void roleHeaderIsReadCaseInsensitivelyOnTheSharedPaths() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OneBotSimulator sim = gw.sim(10001);
      OnContext.await(sim.connectAs(gw.port, U, "event", true, false));
      OnContext.await(sim.connectAs(gw.port, OneBotGatewayVerticle.PATH_PEROCORE, "aPi", false, true));
      gw.waitForBot(10001, ClientRole.EVENT, ClientRole.API);
      OneBotSimulator other = gw.sim(10002);
      OnContext.await(other.connectAs(gw.port, OneBotGatewayVerticle.PATH_PEROCORE, null, true, true));
      gw.waitForBot(10002, ClientRole.UNIVERSAL);
    }
  }

  @Test
  void twoBotsAtOnceKeepTheirEventsAndActionsApart() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OneBotSimulator a = gw.sim(10001);
      OneBotSimulator b = gw.sim(10002);
      OnContext.await(a.connectUniversal(gw.port, U));
      OnContext.await(b.connectUniversal(gw.port, OneBotGatewayVerticle.PATH_PEROCORE));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      gw.waitForBot(10002, ClientRole.UNIVERSAL);
      OnContext.await(a.send(a.privateMessage(20001, "to a")));
      OnContext.await(b.send(b.privateMessage(20001, "to b")));
      gw.waitFor("both messages", () -> gw.messages().size() == 2);
      assertEquals(1, gw.messages().stream().filter(e -> e.selfId() == 10001).count());
      assertEquals(1, gw.messages().stream().filter(e -> e.selfId() == 10002).count());
      gw.call(10002, "send_private_msg", new JsonObject().put("user_id", 20001).put("message", "x"));
      assertEquals(0, a.actionsReceived().size());
      assertEquals(1, b.actionsReceived("send_private_msg").size());
      assertEquals(2, gw.gauge("social.onebot.connections", "role", "universal"));
    }
  }

  @Test
  void aNewConnectionReplacesTheOldOneAndFailsItsPendingActionsAtOnce() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OneBotSimulator old = gw.sim(10001).answerAll(ActionBehaviour.never());
      WebSocketBase oldSocket = OnContext.await(old.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      // Pending with a deadline far beyond the test's safety net: only replacement can end it.
      Future<ActionResult> pending = gw.gateway.call(ActionRequest.of(10001, "get_status",
          new JsonObject()).withTimeout(Duration.ofMinutes(10)));
      gw.waitFor("the action reached the old connection",
          () -> old.actionsReceived("get_status").size() == 1);

      OneBotSimulator fresh = gw.sim(10001);
      OnContext.await(fresh.connectUniversal(gw.port, U));

      Throwable failure = OnContext.failure(pending);
      assertInstanceOf(BotUnavailableException.class, failure);
      assertFalse(failure instanceof OperationTimeoutException);
      assertTrue(failure.getMessage().contains("replaced"), failure.getMessage());
      gw.waitFor("old socket closed with 1008", () -> oldSocket.isClosed()
          && Short.valueOf((short) 1008).equals(oldSocket.closeStatusCode()));
      gw.waitFor("one universal connection", () ->
          gw.gauge("social.onebot.connections", "role", "universal") == 1);
      // The new connection serves the bot.
      assertEquals("ok", gw.call(10001, "get_status", new JsonObject()).status());
      assertEquals(1, fresh.actionsReceived("get_status").size());
    }
  }

  @Test
  void pingsKeepAQuietConnectionOpen() {
    // Nothing is sent for many ping intervals; only the pongs to the gateway's pings show that the
    // peer is alive. Without them the watchdog would close the connection after 3 intervals.
    OneBotConfig config = TestConfig.onebot(Map.of("onebot.heartbeat_grace", 2.0,
        "onebot.ping_interval", "40ms"));
    try (GatewayFixture gw = GatewayFixture.start(config)) {
      OneBotSimulator sim = gw.sim(10001);
      WebSocketBase socket = OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      long until = System.nanoTime() + Duration.ofMillis(600).toNanos();
      gw.waitFor("15 ping intervals", () -> System.nanoTime() > until);
      assertFalse(socket.isClosed());
      assertTrue(gw.gateway.bot(10001).orElseThrow().connected());
    }
  }

  @Test
  void aConnectionThatStopsAnsweringPingsIsClosed() {
    OneBotConfig config = TestConfig.onebot(Map.of("onebot.heartbeat_grace", 2.0,
        "onebot.ping_interval", "40ms"));
    try (GatewayFixture gw = GatewayFixture.start(config)) {
      OneBotSimulator sim = gw.sim(10001);
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      sim.freeze();
      gw.waitFor("the frozen connection is closed",
          () -> !gw.gateway.bot(10001).orElseThrow().connected());
      assertEquals(0, gw.gauge("social.onebot.connections", "role", "universal"));
    }
  }

  @Test
  void aClosedConnectionFailsPendingActionsAtOnce() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OneBotSimulator sim = gw.sim(10001).answerAll(ActionBehaviour.never());
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      Future<ActionResult> pending = gw.gateway.call(ActionRequest.of(10001, "get_status",
          new JsonObject()).withTimeout(Duration.ofMinutes(10)));
      gw.waitFor("action sent", () -> sim.actionsReceived().size() == 1);
      sim.dropConnections();
      assertInstanceOf(BotUnavailableException.class, OnContext.failure(pending));
      gw.waitFor("bot disconnected", () -> !gw.gateway.bot(10001).orElseThrow().connected());
      assertEquals(0.0, gw.gauge("social.onebot.bot.up", "self_id", "10001"));
    }
  }
}
