package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of bot ownership (issue 17) against a stand-in for the cluster's map: a bot
 * another node owns is refused with 1008 naming it, on a reverse upgrade and on a forward
 * connection once it names its bot; nothing of it is read or served; a claim that cannot be
 * checked closes with 1013; an owned bot is served; and a gateway without a cluster (no owners)
 * serves as before while its conflict counter exists at zero. The two-node test over a real cluster is
 * FullNodesClusterTest.
 */
class BotOwnersGatewayTest {

  /** Owners as a map: self_id to the owning node's name; absent = this node may serve it. */
  private static final class Owners implements BotOwners {
    final Map<Long, String> elsewhere = new ConcurrentHashMap<>();
    final List<Long> claims = new CopyOnWriteArrayList<>();
    volatile boolean unreachable;

    @Override
    public Future<Optional<String>> claim(long selfId) {
      claims.add(selfId);
      return unreachable ? Future.failedFuture("cluster.owner.claim timed out")
          : Future.succeededFuture(Optional.ofNullable(elsewhere.get(selfId)));
    }

    @Override
    public Future<Boolean> release(long selfId, BooleanSupplier unserved) {
      return Future.succeededFuture(false);
    }
  }

  @Test
  void aReverseConnectionForABotOwnedElsewhereIsRefusedNamingTheOwner() {
    Owners owners = new Owners();
    owners.elsewhere.put(10001L, "social-adapter-0");
    try (GatewayFixture gw = GatewayFixture.start(TestConfig.defaults().onebot(), owners);
        LogCapture log = LogCapture.of(dev.perocore.social.onebot.impl.OwnerGate.class)) {
      WebSocketBase ws = OnContext.await(gw.sim(10001).connectUniversal(gw.port,
          OneBotGatewayVerticle.PATH_UNIVERSAL));
      gw.waitFor("closed", ws::isClosed);
      assertEquals((short) 1008, ws.closeStatusCode());
      assertEquals("bot 10001 is served by node social-adapter-0", ws.closeReason());
      assertEquals(1.0, gw.counter("social.bot.owner.conflicts"));
      assertEquals(Optional.empty(), gw.gateway.bot(10001), "never served");
      assertTrue(gw.events.isEmpty(), "its lifecycle frame was never read");
      assertEquals(1, log.lines().stream().filter(l -> l.contains(
          "refused a reverse connection from")
          && l.contains("bot 10001 is served by node social-adapter-0 (1008)")).count(),
          log.lines().toString());

      WebSocketBase other = OnContext.await(gw.sim(10002).connectUniversal(gw.port,
          OneBotGatewayVerticle.PATH_UNIVERSAL));
      gw.waitForBot(10002, ClientRole.UNIVERSAL);
      assertTrue(!other.isClosed());
      assertEquals(List.of(10001L, 10002L), owners.claims);
    }
  }

  @Test
  void aClaimThatCannotBeCheckedClosesWithTryAgainAndIsNotAConflict() {
    Owners owners = new Owners();
    owners.unreachable = true;
    try (GatewayFixture gw = GatewayFixture.start(TestConfig.defaults().onebot(), owners);
        LogCapture log = LogCapture.of(dev.perocore.social.onebot.impl.OwnerGate.class)) {
      WebSocketBase ws = OnContext.await(gw.sim(10001).connectUniversal(gw.port,
          OneBotGatewayVerticle.PATH_UNIVERSAL));
      gw.waitFor("closed", ws::isClosed);
      assertEquals((short) 1013, ws.closeStatusCode());
      assertEquals(0.0, gw.counter("social.bot.owner.conflicts"));
      assertEquals(Optional.empty(), gw.gateway.bot(10001));
      assertEquals(1, log.lines().size(), log.lines().toString());
    }
  }

  @Test
  void aForwardConnectionIsRefusedOnceItNamesABotOwnedElsewhere() {
    GuardedVertx peer = GuardedVertx.with(TestConfig.defaults().guard());
    Owners owners = new Owners();
    owners.elsewhere.put(10001L, "social-adapter-1");
    try {
      OneBotSimulator sim = new OneBotSimulator(peer.vertx, 10001).heartbeat(Duration.ZERO);
      int port = OnContext.await(sim.serveForward(0));
      OneBotConfig config = TestConfig.onebot(Map.of(
          "onebot.forward", List.of(Map.of("url", "ws://127.0.0.1:" + port + "/")),
          "onebot.reconnect_min", "50ms", "onebot.reconnect_max", "400ms"));
      // The log is captured before the gateway starts: the forward connection may be refused
      // before a capture opened after start() would be listening.
      try (LogCapture log = LogCapture.of(dev.perocore.social.onebot.impl.OwnerGate.class);
          GatewayFixture gw = GatewayFixture.start(config, owners)) {
        gw.waitFor("refused", () -> gw.counter("social.bot.owner.conflicts") >= 1);
        assertTrue(owners.claims.contains(10001L));
        assertTrue(gw.gateway.bot(10001).map(b -> b.roles().isEmpty()).orElse(true),
            "its connection never serves the bot");
        assertTrue(log.lines().stream().anyMatch(l -> l.contains("refused forward connection")
            && l.contains("served by node social-adapter-1 (1008)")), log.lines().toString());
      }
      OnContext.await(sim.close());
    } finally {
      peer.close();
    }
  }

  @Test
  void withoutAClusterTheBotIsServedAsBeforeAndTheConflictCounterExistsAtZero() {
    try (GatewayFixture gw = GatewayFixture.start()) {
      OnContext.await(gw.sim(10001).connectUniversal(gw.port,
          OneBotGatewayVerticle.PATH_UNIVERSAL));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      assertEquals(0.0, gw.guarded.registry.get("social.bot.owner.conflicts").counter().count());
    }
  }
}
