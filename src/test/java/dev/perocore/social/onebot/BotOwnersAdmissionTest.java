package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.onebot.ManualOwners.Release;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.http.WebSocketBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An admission that ends unserved gives its claim back, and only then (issue 17, review of item
 * 3): a claim answered after its forward connection closed is released, as is one that failed at
 * its deadline (its write may land later); a release asked by the forget sweep while a
 * reconnect's claim is in flight keeps the claim, and the reconnect is served. Claims are answered
 * by hand ({@link ManualOwners}), so each interleaving is driven, not hoped for.
 */
class BotOwnersAdmissionTest {

  @Test
  void aClaimAnsweredAfterItsForwardConnectionClosedIsGivenBack() {
    GuardedVertx peer = GuardedVertx.with(TestConfig.defaults().guard());
    ManualOwners owners = new ManualOwners();
    try {
      OneBotSimulator sim = new OneBotSimulator(peer.vertx, 10001).heartbeat(Duration.ZERO);
      int port = OnContext.await(sim.serveForward(0));
      OneBotConfig config = TestConfig.onebot(Map.of(
          "onebot.forward", List.of(Map.of("url", "ws://127.0.0.1:" + port + "/")),
          "onebot.reconnect_min", "30s", "onebot.reconnect_max", "60s"));
      try (GatewayFixture gw = GatewayFixture.start(config, owners)) {
        gw.waitFor("the claim asked", () -> owners.claims.size() == 1);
        OnContext.await(sim.stopForward());
        gw.waitFor("the connection closed",
            () -> gw.gauge("social.onebot.connections", "role", "universal") == 0.0);
        owners.answer(Optional.empty());

        gw.waitFor("the claim given back", () -> !owners.releases.isEmpty());
        assertEquals(List.of(new Release(10001L, true)), owners.releases);
        assertEquals(Optional.empty(), gw.gateway.bot(10001), "never served");
        assertTrue(gw.events.isEmpty(), "its lifecycle frame was held, then dropped");
        assertEquals(1.0, gw.counter("social.bot.owner.events.dropped", "reason", "closed"));
      }
    } finally {
      peer.close();
    }
  }

  @Test
  void aClaimThatFailedAtItsDeadlineIsGivenBackInCaseItsWriteLandsLater() {
    ManualOwners owners = new ManualOwners();
    try (GatewayFixture gw = GatewayFixture.start(TestConfig.defaults().onebot(), owners)) {
      WebSocketBase ws = OnContext.await(gw.sim(10001).connectUniversal(gw.port,
          OneBotGatewayVerticle.PATH_UNIVERSAL));
      gw.waitFor("the claim asked", () -> owners.claims.size() == 1);
      owners.failNewest("cluster.owner.claim timed out after 2000 ms");
      gw.waitFor("closed", ws::isClosed);
      assertEquals((short) 1013, ws.closeStatusCode());
      gw.waitFor("the claim given back", () -> !owners.releases.isEmpty());
      assertEquals(List.of(new Release(10001L, true)), owners.releases);
    }
  }

  @Test
  void aForgetSweepDuringAReconnectsClaimKeepsTheClaimAndTheReconnectIsServed() {
    ManualOwners owners = new ManualOwners();
    owners.auto = Optional.empty();
    OneBotConfig config = TestConfig.onebot(Map.of("onebot.forget_bot_after", "1s"));
    try (GatewayFixture gw = GatewayFixture.start(config, owners)) {
      OneBotSimulator first = gw.sim(10001);
      OnContext.await(first.connectUniversal(gw.port, OneBotGatewayVerticle.PATH_UNIVERSAL));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      owners.auto = null; // from now on the test answers
      OnContext.await(first.close());
      gw.waitFor("the old connection gone", () -> gw.gateway.bot(10001)
          .map(b -> b.roles().isEmpty()).orElse(true));

      OnContext.await(gw.sim(10001).connectUniversal(gw.port,
          OneBotGatewayVerticle.PATH_UNIVERSAL));
      gw.waitFor("the reconnect's claim asked", () -> owners.claims.size() == 2);
      // Absent for forget_bot_after while the reconnect waits for its claim: the sweep forgets
      // the bot and asks for a release, which must find the admission under way.
      gw.waitFor("the sweep's release asked", () -> !owners.releases.isEmpty());
      assertEquals(List.of(new Release(10001L, false)), owners.releases);

      owners.answer(Optional.empty());
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      assertEquals(List.of(new Release(10001L, false)), owners.releases, "nothing given back");
    }
  }
}
