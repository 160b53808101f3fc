package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.onebot.impl.ForwardConnector;
import dev.perocore.social.onebot.impl.OwnerGate;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A forward connection reads before it names its bot; on a cluster nothing it delivers is
 * published until the bot is claimed (issue 17, review of item 3): events that arrive while the
 * claim is asked are published in order once it succeeds, and dropped and counted when another
 * node owns the bot — whose forward connector then retries every onebot.reconnect_max, logging
 * the refusal once, not at every attempt.
 */
class ForwardClaimHoldTest {

  private static final Duration MAX = Duration.ofMillis(700);

  private final GuardedVertx peer = GuardedVertx.with(TestConfig.defaults().guard());
  private final OneBotSimulator sim = new OneBotSimulator(peer.vertx, 10001)
      .heartbeat(Duration.ZERO);

  @AfterEach
  void close() {
    try {
      OnContext.await(sim.close());
    } finally {
      peer.close();
    }
  }

  private OneBotConfig forwardTo(int port) {
    return TestConfig.onebot(Map.of(
        "onebot.forward", List.of(Map.of("url", "ws://127.0.0.1:" + port + "/")),
        "onebot.reconnect_min", "50ms", "onebot.reconnect_max", MAX.toMillis() + "ms"));
  }

  @Test
  void eventsBeforeTheClaimArePublishedInOrderOnceItSucceeds() {
    int port = OnContext.await(sim.serveForward(0));
    ManualOwners owners = new ManualOwners();
    try (GatewayFixture gw = GatewayFixture.start(forwardTo(port), owners)) {
      gw.waitFor("the claim asked", () -> owners.claims.size() == 1);
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        sent.add("while claiming " + i);
        OnContext.await(sim.send(sim.privateMessage(20002, sent.get(i))));
      }
      assertTrue(gw.messages().isEmpty(), "nothing published before the claim");
      owners.answer(Optional.empty());

      gw.waitFor("five messages", () -> gw.messages().size() == 5);
      assertEquals(sent, gw.messages().stream()
          .map(e -> ((MessageEvent) e.event()).rawMessage()).toList());
      assertEquals(1, gw.events("meta_event").size(), "the lifecycle frame, held and published");
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      for (String reason : List.of("owned_elsewhere", "not_checked", "not_allowed", "closed")) {
        assertEquals(0.0, gw.counter("social.bot.owner.events.dropped", "reason", reason));
      }
    }
  }

  @Test
  void aForwardBotOutsideAllowedBotsIsRefusedOnceAndPublishesNothing() {
    int port = OnContext.await(sim.serveForward(0));
    OneBotConfig config = TestConfig.onebot(Map.of(
        "onebot.forward", List.of(Map.of("url", "ws://127.0.0.1:" + port + "/")),
        "onebot.allowed_bots", List.of(10002L),
        "onebot.reconnect_min", "30s", "onebot.reconnect_max", "60s"));
    ManualOwners owners = new ManualOwners();
    try (GatewayFixture gw = GatewayFixture.start(config, owners)) {
      gw.waitFor("refused", () -> gw.counter("social.onebot.connections.refused",
          "reason", "not_allowed") >= 1);
      gw.waitFor("closed", () -> gw.gauge("social.onebot.connections", "role", "universal") == 0);
      assertEquals(1.0, gw.counter("social.onebot.connections.refused", "reason", "not_allowed"),
          "one refusal, counted once");
      assertEquals(1.0, gw.counter("social.bot.owner.events.dropped", "reason", "not_allowed"));
      assertTrue(gw.events.isEmpty());
      assertTrue(owners.claims.isEmpty(), "a bot that may not connect is never claimed");
    }
  }

  @Test
  void aBotOwnedElsewherePublishesNothingAndItsConnectorRetriesAtTheMaximum() {
    int port = OnContext.await(sim.serveForward(0));
    sim.startTraffic(100); // messages from the moment each connection opens
    ManualOwners owners = new ManualOwners();
    owners.autoDelayMs = 150; // the claim's round trip to the cluster's map
    owners.auto = Optional.of("social-adapter-0");
    try (LogCapture gate = LogCapture.of(OwnerGate.class);
        LogCapture connector = LogCapture.of(ForwardConnector.class);
        GatewayFixture gw = GatewayFixture.start(forwardTo(port), owners)) {
      gw.waitFor("three claims", () -> owners.claims.size() >= 3);
      gw.waitFor("two refusals", () -> gw.counter("social.bot.owner.conflicts") >= 2);

      assertTrue(gw.events.isEmpty(), "no event of a bot owned elsewhere is published");
      assertEquals(Optional.empty(), gw.gateway.bot(10001), "nor is the bot known here");
      assertTrue(gw.counter("social.bot.owner.events.dropped", "reason", "owned_elsewhere") > 1,
          "the lifecycle frames and messages that arrived while claiming are counted");
      for (int i = 1; i < 3; i++) {
        long gapNanos = owners.claims.get(i).askedNanos() - owners.claims.get(i - 1).askedNanos();
        assertTrue(gapNanos >= MAX.toNanos(), "attempt " + i + " came after "
            + gapNanos / 1_000_000 + " ms, before onebot.reconnect_max");
      }
      assertEquals(1, gate.lines().stream().filter(l -> l.contains("(1008)")).count(),
          gate.lines().toString());
      assertEquals(1, connector.lines().stream().filter(l -> l.contains("refused:")).count(),
          connector.lines().toString());
      assertTrue(connector.contains("retrying every 700 ms (onebot.reconnect_max)"));
    }
  }
}
