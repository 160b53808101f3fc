package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.onebot.impl.ManualPacerClock;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outbound pacing: sends over budget wait on timers (never a blocked thread: BlockHound is on for
 * the suite), other groups are not held back, and a full queue or a long wait fails explicitly.
 *
 * <p>The pacer runs on a {@link ManualPacerClock}: time passes only when a test advances it, so
 * "still waiting" and "released exactly when the budget refills" hold however slow the machine.
 */
class PacingTest {

  private static final String U = OneBotGatewayVerticle.PATH_UNIVERSAL;

  private final ManualPacerClock clock = new ManualPacerClock();

  @Test
  void sendsOverAGroupsBudgetWaitAndOtherGroupsDoNot() {
    OneBotConfig config = TestConfig.onebot(Map.of("onebot.send_rate_per_group", "2/3s",
        "onebot.send_rate_per_bot", "100/1s", "onebot.send_queue_max", 10,
        "onebot.send_queue_timeout", "30s"));
    try (GatewayFixture gw = GatewayFixture.start(config, clock)) {
      OneBotSimulator sim = gw.sim(10001);
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      Future<ActionResult> first = groupSend(gw, 30001);
      Future<ActionResult> second = groupSend(gw, 30001);
      // Over the burst of 2: one token per 1.5 s.
      Future<ActionResult> third = groupSend(gw, 30001, "third");
      Future<ActionResult> fourth = groupSend(gw, 30001, "fourth");
      OnContext.await(Future.all(first, second));
      // call() only queues the submit on the gateway's context: first and second can be answered
      // before third and fourth reach the pacer (the test thread may be descheduled between the
      // calls), so wait for the submits rather than assume them.
      gw.waitFor("third and fourth wait",
          () -> gw.gateway.bot(10001).orElseThrow().queuedSends() == 2);
      assertFalse(third.isComplete());
      // Another group has its own budget: it goes at once although 30001's sends still wait.
      OnContext.await(groupSend(gw, 30002));
      assertFalse(third.isComplete());
      assertEquals(3, sim.actionsReceived("send_group_msg").size());
      // The waiting sends go out on their own, in order, one each time the bucket refills.
      clock.advance(Duration.ofMillis(1499));
      assertFalse(third.isComplete(), "not before a whole token has refilled");
      clock.advance(Duration.ofMillis(1));
      assertTrue(OnContext.await(third).messageId().isPresent());
      assertEquals(4, sim.actionsReceived("send_group_msg").size());
      assertEquals(1, gw.gateway.bot(10001).orElseThrow().queuedSends());
      assertFalse(fourth.isComplete(), "one token released one send");
      clock.advance(Duration.ofMillis(1499));
      assertFalse(fourth.isComplete());
      clock.advance(Duration.ofMillis(1));
      assertTrue(OnContext.await(fourth).messageId().isPresent());
      assertEquals(List.of("paced", "paced", "paced", "third", "fourth"),
          sim.actionsReceived("send_group_msg").stream()
              .map(a -> a.getJsonObject("params").getString("message")).toList());
      assertEquals(0, gw.gateway.bot(10001).orElseThrow().queuedSends());
    }
  }

  @Test
  void theBotsBudgetBoundsAllItsChats() {
    OneBotConfig config = TestConfig.onebot(Map.of("onebot.send_rate_per_group", "100/1s",
        "onebot.send_rate_per_bot", "1/2s", "onebot.send_queue_max", 10,
        "onebot.send_queue_timeout", "30s"));
    try (GatewayFixture gw = GatewayFixture.start(config, clock)) {
      OneBotSimulator sim = gw.sim(10001);
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      OnContext.await(privateSend(gw, 20001));
      Future<ActionResult> other = groupSend(gw, 30009);
      gw.waitFor("the group send waits for the bot's budget",
          () -> gw.gateway.bot(10001).orElseThrow().queuedSends() == 1);
      assertFalse(other.isComplete());
      // Actions that are not sends are never paced.
      assertEquals("ok", gw.call(10001, "get_status", new JsonObject()).status());
      clock.advance(Duration.ofMillis(1999));
      assertFalse(other.isComplete(), "the bot's token takes 2 s to refill");
      clock.advance(Duration.ofMillis(1));
      OnContext.await(other);
      assertEquals(2, sim.actionsReceived().stream()
          .filter(a -> a.getString("action").startsWith("send_")).count());
    }
  }

  @Test
  void aFullQueueFailsAsRateLimitedAtOnce() {
    OneBotConfig config = TestConfig.onebot(Map.of("onebot.send_rate_per_group", "1/1m",
        "onebot.send_rate_per_bot", "100/1s", "onebot.send_queue_max", 2,
        "onebot.send_queue_timeout", "1m"));
    try (GatewayFixture gw = GatewayFixture.start(config, clock)) {
      OneBotSimulator sim = gw.sim(10001);
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      OnContext.await(groupSend(gw, 30001));
      Future<ActionResult> queued1 = groupSend(gw, 30001);
      Future<ActionResult> queued2 = groupSend(gw, 30001);
      Throwable refused = OnContext.failure(groupSend(gw, 30001));
      ActionRateLimitedException limited = assertInstanceOf(ActionRateLimitedException.class, refused);
      assertTrue(limited.getMessage().contains("queue full"), limited.getMessage());
      assertFalse(queued1.isComplete() || queued2.isComplete());
      assertEquals(1, sim.actionsReceived("send_group_msg").size());
      assertEquals(1, gw.counter("social.onebot.actions", "action", "send_group_msg", "status", "rate_limited"));
    }
  }

  @Test
  void aSendThatWaitsTooLongFailsAsRateLimitedAndIsNeverSent() {
    OneBotConfig config = TestConfig.onebot(Map.of("onebot.send_rate_per_group", "1/1m",
        "onebot.send_rate_per_bot", "100/1s", "onebot.send_queue_max", 10,
        "onebot.send_queue_timeout", "150ms"));
    try (GatewayFixture gw = GatewayFixture.start(config, clock)) {
      OneBotSimulator sim = gw.sim(10001);
      OnContext.await(sim.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      OnContext.await(groupSend(gw, 30001));
      Future<ActionResult> waiting = groupSend(gw, 30001);
      gw.waitFor("the second send waits",
          () -> gw.gateway.bot(10001).orElseThrow().queuedSends() == 1);
      clock.advance(Duration.ofMillis(149));
      assertFalse(waiting.isComplete(), "still within send_queue_timeout");
      clock.advance(Duration.ofMillis(1));
      Throwable expired = OnContext.failure(waiting);
      ActionRateLimitedException limited = assertInstanceOf(ActionRateLimitedException.class, expired);
      assertTrue(limited.getMessage().contains("send_queue_timeout"), limited.getMessage());
      assertEquals(1, sim.actionsReceived("send_group_msg").size());
      assertEquals(0, gw.gateway.bot(10001).orElseThrow().queuedSends());
    }
  }

  private static Future<ActionResult> groupSend(GatewayFixture gw, long group) {
    return groupSend(gw, group, "paced");
  }

  private static Future<ActionResult> groupSend(GatewayFixture gw, long group, String text) {
    return gw.gateway.call(ActionRequest.of(10001, "send_group_msg",
        new JsonObject().put("group_id", group).put("message", text)));
  }

  private static Future<ActionResult> privateSend(GatewayFixture gw, long user) {
    return gw.gateway.call(ActionRequest.of(10001, "send_private_msg",
        new JsonObject().put("user_id", user).put("message", "paced")));
  }
}
