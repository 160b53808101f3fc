package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stopping the reading (the first step of a shutdown) holds a forward connection's frames in its
 * socket, as it does a reverse one's: nothing is published once the gateway said it stopped
 * reading, so the sessions and the store drain a fixed set of messages. Closing the connection
 * there instead let what NapCat sent before it saw the close be read and published meanwhile.
 */
class ForwardStopReadingTest {

  @Test
  void afterStopReadingAForwardConnectionPublishesNothingAndStaysOpen() throws Exception {
    GuardedVertx peer = GuardedVertx.with(TestConfig.defaults().guard());
    try {
      OneBotSimulator sim = new OneBotSimulator(peer.vertx, 10001).heartbeat(Duration.ZERO);
      int port = OnContext.await(sim.serveForward(0));
      OneBotConfig config = TestConfig.onebot(Map.of(
          "onebot.forward", List.of(Map.of("url", "ws://127.0.0.1:" + port + "/"))));
      try (GatewayFixture gw = GatewayFixture.start(config)) {
        gw.waitForBot(10001, ClientRole.UNIVERSAL);
        String frame = sim.groupMessage(300, 42, "during the shutdown").encode();
        var blast = sim.blast(5_000, i -> frame);
        try {
          gw.waitFor("the burst under way", () -> gw.messages().size() >= 100);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + ": the peer wrote " + sim.eventsSent()
              + " event(s), the gateway published " + gw.messages().size(), e);
        }

        OnContext.await(gw.gateway.stopReading());
        int published = gw.messages().size();
        OnContext.await(blast);
        // The rest of the burst waits in the socket: give a reading connection time to show it.
        Thread.sleep(300);

        assertEquals(published, gw.messages().size(), "published after stopReading completed");
        assertTrue(published < 5_000, "the test stopped the reading mid-burst: " + published);
        assertTrue(gw.gateway.bot(10001).orElseThrow().connected(),
            "the connection stays open until the gateway stops");
        // Neither side can finish a close handshake with a connection nobody reads (Vert.x waits
        // out its 10 s closing timeout): NapCat goes away as a killed process does.
        sim.dropConnections();
      }
      OnContext.await(sim.close());
    } finally {
      peer.close();
    }
  }
}
