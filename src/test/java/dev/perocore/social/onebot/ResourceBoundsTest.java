package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: what a client with the token can hold of the pod is bounded — connections, bytes of
 * unfinished fragmented messages (per connection, in total, in time) and bot ids — and every
 * refusal or bound-close is counted. Real sockets on loopback.
 */
class ResourceBoundsTest {

  private static final String U = OneBotGatewayVerticle.PATH_UNIVERSAL;
  private static final int KIB = 1024;

  @Test
  void everyRefusalReasonIsRegisteredAtZeroAndATokenRefusalIsCounted() {
    try (GatewayFixture gw = GatewayFixture.start(
        TestConfig.onebot(Map.of("onebot.access_token", "s3cret")))) {
      for (RefusalReason reason : RefusalReason.values()) {
        assertTrue(gw.guarded.registry.find("social.onebot.connections.refused")
            .tag("reason", reason.label()).counter() != null, reason.label());
      }
      for (LimitReason reason : LimitReason.values()) {
        assertTrue(gw.guarded.registry.find("social.onebot.connections.limited")
            .tag("reason", reason.label()).counter() != null, reason.label());
      }
      OnContext.failure(gw.sim(10001).connectUniversal(gw.port, U));
      assertEquals(1, refused(gw, RefusalReason.TOKEN));
      var client = gw.guarded.vertx.createWebSocketClient();
      OnContext.failure(client.connect(gw.port, "127.0.0.1", U + "?access_token=s3cret"));
      assertEquals(1, refused(gw, RefusalReason.BAD_SELF_ID));
    }
  }

  @Test
  void anUpgradeBeyondMaxConnectionsIsRefusedWith503AndCountedUntilASlotFrees() {
    try (GatewayFixture gw = GatewayFixture.start(
        TestConfig.onebot(Map.of("onebot.max_connections", 2)))) {
      OneBotSimulator first = gw.sim(10001);
      OnContext.await(first.connectUniversal(gw.port, U));
      OnContext.await(gw.sim(10002).connectUniversal(gw.port, U));
      Throwable refused = OnContext.failure(gw.sim(10003).connectUniversal(gw.port, U));
      assertEquals(503, assertInstanceOf(UpgradeRejectedException.class, refused).getStatus());
      assertEquals(1, refused(gw, RefusalReason.MAX_CONNECTIONS));
      OnContext.await(first.close());
      gw.waitFor("a slot freed", () -> gw.gauge("social.onebot.connections", "role", "universal")
          == 1);
      OnContext.await(gw.sim(10003).connectUniversal(gw.port, U));
      gw.waitForBot(10003, ClientRole.UNIVERSAL);
    }
  }

  @Test
  void botsOutsideAllowedBotsAreRefusedWith403AndCounted() {
    try (GatewayFixture gw = GatewayFixture.start(
        TestConfig.onebot(Map.of("onebot.allowed_bots", List.of(10001L))))) {
      Throwable refused = OnContext.failure(gw.sim(10002).connectUniversal(gw.port, U));
      assertEquals(403, assertInstanceOf(UpgradeRejectedException.class, refused).getStatus());
      assertEquals(1, refused(gw, RefusalReason.NOT_ALLOWED));
      assertTrue(gw.gateway.bot(10002).isEmpty(), "a refused bot leaves no trace");
      OnContext.await(gw.sim(10001).connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
    }
  }

  @Test
  void anUnfinishedMessageOverThePerConnectionCapClosesWith1009() {
    try (GatewayFixture gw = GatewayFixture.start(TestConfig.onebot(
        Map.of("onebot.max_pending_bytes_per_connection", "4KiB")))) {
      WebSocketBase ws = OnContext.await(gw.sim(10001).connectUniversal(gw.port, U));
      OnContext.await(startFragments(ws, 1));
      for (int i = 0; i < 4; i++) {
        continueFragments(ws); // the 5th KiB passes the 4 KiB cap; writes after the close may fail
      }
      gw.waitFor("closed by the cap", ws::isClosed);
      assertEquals((short) 1009, ws.closeStatusCode());
      assertEquals(1, limited(gw, LimitReason.PENDING_BYTES));
      gw.waitFor("its bytes returned", () -> gw.gauge("social.onebot.pending.bytes") == 0);
    }
  }

  @Test
  void anUnfinishedMessageOlderThanFragmentTimeoutClosesWith1008() {
    try (GatewayFixture gw = GatewayFixture.start(TestConfig.onebot(
        Map.of("onebot.fragment_timeout", "200ms")))) {
      WebSocketBase ws = OnContext.await(gw.sim(10001).connectUniversal(gw.port, U));
      OnContext.await(startFragments(ws, 1));
      gw.waitFor("held", () -> gw.gauge("social.onebot.pending.bytes") == KIB);
      gw.waitFor("closed by the time limit", ws::isClosed);
      assertEquals((short) 1008, ws.closeStatusCode());
      assertEquals(1, limited(gw, LimitReason.FRAGMENT_TIMEOUT));
      assertEquals(0, gw.gauge("social.onebot.pending.bytes"));
    }
  }

  /**
   * The heap is out of reach: many connections (bounded, loopback), each holding as much of an
   * unfinished message as its own cap allows, together pass the total cap. The gateway closes the
   * ones over it (1013), never holds more than the cap, and still serves a normal bot after.
   */
  @Test
  void aFragmentFloodStaysUnderTheTotalCapAndAnHonestBotIsStillServed() {
    int flooders = 20;
    long perConnection = 4 * KIB;
    long total = 16 * KIB;
    try (GatewayFixture gw = GatewayFixture.start(TestConfig.onebot(Map.of(
        "onebot.max_connections", flooders + 1,
        "onebot.max_pending_bytes_per_connection", perConnection,
        "onebot.max_pending_bytes_total", total)))) {
      List<WebSocketBase> sockets = new ArrayList<>();
      for (int i = 0; i < flooders; i++) {
        sockets.add(OnContext.await(gw.sim(20001 + i).connectUniversal(gw.port, U)));
      }
      List<Future<Void>> writes = new ArrayList<>();
      for (WebSocketBase ws : sockets) {
        writes.add(startFragments(ws, 1));
        for (int k = 0; k < 2; k++) {
          writes.add(continueFragments(ws)); // 3 KiB each: under the per-connection cap
        }
      }
      Future.join(writes).otherwiseEmpty();
      // 20 x 3 KiB = 60 KiB wanted, 16 KiB allowed: all but the ones that fit are closed. Done
      // when every socket still open holds its whole 3 KiB (none holds more).
      gw.waitFor("the flood is decided", () -> sockets.stream().filter(WebSocketBase::isClosed)
          .count() + Math.floor(gw.gauge("social.onebot.pending.bytes") / (3 * KIB)) >= flooders);
      assertTrue(gw.gauge("social.onebot.pending.bytes") <= total, "held within the total cap");
      long closed = sockets.stream().filter(WebSocketBase::isClosed).count();
      assertTrue(closed >= flooders - total / (3 * KIB), closed + " flooders closed");
      sockets.stream().filter(WebSocketBase::isClosed)
          .forEach(ws -> assertEquals((short) 1013, ws.closeStatusCode()));
      assertEquals((double) closed, limited(gw, LimitReason.PENDING_BYTES_TOTAL));

      OneBotSimulator honest = gw.sim(10001);
      OnContext.await(honest.connectUniversal(gw.port, U));
      OnContext.await(honest.send(honest.privateMessage(30001, "still served")));
      gw.waitFor("the honest message", () -> gw.messages().stream()
          .anyMatch(e -> e.selfId() == 10001));
    }
  }

  private static Future<Void> startFragments(WebSocketBase ws, int kib) {
    return ws.writeFrame(WebSocketFrame.textFrame("x".repeat(kib * KIB), false));
  }

  private static Future<Void> continueFragments(WebSocketBase ws) {
    return ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("y".repeat(KIB)), false));
  }

  private static double refused(GatewayFixture gw, RefusalReason reason) {
    return gw.counter("social.onebot.connections.refused", "reason", reason.label());
  }

  private static double limited(GatewayFixture gw, LimitReason reason) {
    return gw.counter("social.onebot.connections.limited", "reason", reason.label());
  }
}
