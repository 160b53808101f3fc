package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.sim.ActionBehaviour;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Actions: echo correlation, success with message_id, typed failures, timeouts, degradation. */
class ActionClientTest {

  private static final String U = OneBotGatewayVerticle.PATH_UNIVERSAL;

  @Test
  void aSuccessfulSendHandsBackTheMessageId() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OneBotSimulator sim = gw.sim(10001);
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      ActionResult result = gw.call(10001, "send_private_msg", new JsonObject()
          .put("user_id", 20001).put("message", new JsonArray().add(new JsonObject()
              .put("type", "text").put("data", new JsonObject().put("text", "hi")))));
      assertEquals(Optional.of("900001"), result.messageId());
      JsonObject sent = sim.actionsReceived("send_private_msg").get(0);
      assertEquals(20001, sent.getJsonObject("params").getInteger("user_id"));
      assertTrue(sent.getString("echo").startsWith("r-"), "echo set by the gateway");
      assertEquals(1, gw.counter("social.onebot.actions", "action", "send_private_msg", "status", "ok"));
      assertEquals(1, gw.timerCount("social.onebot.action", "action", "send_private_msg"));
    }
  }

  @Test
  void manyConcurrentActionsAreMatchedByEcho() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OneBotSimulator sim = gw.sim(10001).answer("get_status", ActionBehaviour.slow(Duration.ofMillis(30)));
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      var calls = new java.util.ArrayList<io.vertx.core.Future<ActionResult>>();
      for (int i = 0; i < 50; i++) {
        calls.add(gw.gateway.call(ActionRequest.of(10001, i % 2 == 0 ? "get_status" : "get_login_info",
            new JsonObject())));
      }
      OnContext.await(io.vertx.core.Future.all(calls));
      for (int i = 0; i < 50; i++) {
        JsonObject data = calls.get(i).result().dataObject();
        assertEquals(i % 2 == 0, data.containsKey("online"), "response " + i + " matched its request");
      }
    }
  }

  @Test
  void aFailedResponseIsATypedFailureWithRetcodeWordingAndTarget() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OneBotSimulator sim = gw.sim(10001).answer("send_group_msg", ActionBehaviour.failed(100, "bot muted"));
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      Throwable failure = OnContext.failure(gw.gateway.call(ActionRequest.of(10001, "send_group_msg",
          new JsonObject().put("group_id", 30001).put("message", "hi"))));
      ActionFailedException failed = assertInstanceOf(ActionFailedException.class, failure);
      assertEquals(100, failed.retcode());
      assertEquals("failed", failed.status());
      assertEquals("bot muted", failed.wording());
      assertEquals("send_group_msg", failed.action());
      assertEquals(Optional.of("30001"), failed.groupId());
      assertEquals(10001L, failed.selfId());
      assertEquals(1, gw.counter("social.onebot.actions", "action", "send_group_msg", "status", "failed"));
      // An answered failure proves the action path works: no degradation.
      assertFalse(gw.gateway.bot(10001).orElseThrow().degraded());
    }
  }

  @Test
  void anUnansweredActionTimesOutAndALateAnswerIsDropped() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OneBotSimulator sim = gw.sim(10001).answer("get_status", ActionBehaviour.slow(Duration.ofMillis(400)));
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      Throwable failure = OnContext.failure(gw.gateway.call(ActionRequest.of(10001, "get_status",
          new JsonObject()).withTimeout(Duration.ofMillis(50))));
      OperationTimeoutException timeout = assertInstanceOf(OperationTimeoutException.class, failure);
      assertEquals("onebot.action", timeout.operation());
      assertEquals(1, gw.counter("social.onebot.actions", "action", "get_status", "status", "timeout"));
      assertEquals(1, gw.counter("social.timeouts", "op", "onebot.action"));
      // The late answer arrives, is dropped, and the connection keeps working.
      sim.answerAll(ActionBehaviour.ok());
      gw.waitFor("late answer seen", () -> gw.gateway.taskSet().inFlight().isEmpty());
      assertEquals("ok", gw.call(10001, "get_version_info", new JsonObject()).status());
    }
  }

  @Test
  void consecutiveTimeoutsDegradeTheBotSendACanaryAndAnAnswerRecoversIt() {
    OneBotConfig config = TestConfig.onebot(Map.of("onebot.action_timeout", "60ms",
        "onebot.action_failure_limit", 2));
    try (GatewayFixture gw = GatewayFixture.start(config)) {
      OneBotSimulator sim = gw.sim(10001).answerAll(ActionBehaviour.never());
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      for (int i = 0; i < 2; i++) {
        assertInstanceOf(OperationTimeoutException.class, OnContext.failure(gw.gateway.call(
            ActionRequest.of(10001, "send_private_msg", new JsonObject().put("user_id", 2).put("message", "x")))));
      }
      BotStatus status = gw.gateway.bot(10001).orElseThrow();
      assertTrue(status.degraded());
      assertTrue(status.problem().orElseThrow().contains("degraded"), status.problem().orElseThrow());
      gw.waitFor("get_status canary", () -> sim.actionsReceived("get_status").size() == 1);

      sim.answerAll(ActionBehaviour.ok());
      assertEquals("ok", gw.call(10001, "get_version_info", new JsonObject()).status());
      assertFalse(gw.gateway.bot(10001).orElseThrow().degraded());
      assertEquals(0, gw.gateway.bot(10001).orElseThrow().consecutiveActionTimeouts());
    }
  }

  @Test
  void anUnknownOrDisconnectedBotFailsAtOnce() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      assertInstanceOf(BotUnavailableException.class, OnContext.failure(
          gw.gateway.call(ActionRequest.of(999, "get_status", new JsonObject()))));
      OneBotSimulator sim = gw.sim(10001);
      OnContext.await(sim.connectAs(gw.port, OneBotGatewayVerticle.PATH_EVENT, "Event", true, false));
      gw.waitForBot(10001, ClientRole.EVENT);
      Throwable noApi = OnContext.failure(gw.gateway.call(ActionRequest.of(10001, "get_status", new JsonObject())));
      assertInstanceOf(BotUnavailableException.class, noApi);
      assertEquals(2, gw.counter("social.onebot.actions", "action", "get_status", "status", "unavailable"));
    }
  }

  @Test
  void actionsAreOfferedOverTheEventBusWithTypedFailures() {
    OneBotConfig config = TestConfig.onebot(Map.of("onebot.action_timeout", "100ms",
        "onebot.action_failure_limit", 5));
    try (GatewayFixture gw = GatewayFixture.start(config)) {
      OneBotSimulator sim = gw.sim(10001)
          .answer("send_group_msg", ActionBehaviour.failed(140, "group not found"))
          .answer("get_status", ActionBehaviour.never());
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      OneBotActions actions = new OneBotActions(gw.guarded.vertx.eventBus(), config);

      assertEquals("900001", OnContext.await(actions.sendPrivateMessage(10001, 20001, "hello")));
      ActionFailedException failed = assertInstanceOf(ActionFailedException.class,
          OnContext.failure(actions.sendGroupMessage(10001, 30001, "hello")));
      assertEquals(140, failed.retcode());
      assertEquals("group not found", failed.wording());
      assertEquals(Optional.of("30001"), failed.groupId());
      OperationTimeoutException timeout = assertInstanceOf(OperationTimeoutException.class,
          OnContext.failure(actions.call(ActionRequest.of(10001, "get_status", new JsonObject()))));
      assertEquals("onebot.action", timeout.operation());
      assertInstanceOf(BotUnavailableException.class,
          OnContext.failure(actions.call(ActionRequest.of(4242, "get_status", new JsonObject()))));
      assertInstanceOf(IllegalArgumentException.class, OnContext.failure(
          gw.guarded.vertx.eventBus().request(OneBotAddresses.ACTION, new JsonObject().put("nothing", 1))
              .recover(cause -> io.vertx.core.Future.failedFuture(OneBotActions.decode(cause,
                  ActionRequest.of(BotIds.UNKNOWN, "?", null), Duration.ZERO)))));
    }
  }
}
