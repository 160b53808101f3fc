package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bot that comes back after a gap longer than its heartbeat grace is not "silent": silence is
 * counted from the new connection, and its first heartbeat arrives well within the grace.
 */
class ReconnectSilenceTest {

  private static final String U = OneBotGatewayVerticle.PATH_UNIVERSAL;

  @Test
  void aReconnectAfterAGapLogsNoFalseSilence() {
    // Grace 3 x 200 ms = 600 ms; the watchdog looks every 50 ms; a heartbeat comes every 200 ms.
    OneBotConfig config = TestConfig.onebot(Map.of("onebot.heartbeat_grace", 3.0,
        "onebot.ping_interval", "100ms"));
    try (GatewayFixture gw = GatewayFixture.start(config);
        LogCapture log = LogCapture.of(OneBotGatewayVerticle.class)) {
      OneBotSimulator first = gw.sim(10001).heartbeat(Duration.ofMillis(200));
      OnContext.await(first.connectUniversal(gw.port, U));
      gw.waitFor("a heartbeat", () -> gw.gateway.bot(10001).orElseThrow()
          .sinceLastHeartbeat().isPresent());
      first.dropConnections();
      first.heartbeat(Duration.ZERO);
      gw.waitFor("the bot gone for longer than its grace", () -> {
        BotStatus s = gw.gateway.bot(10001).orElseThrow();
        return !s.connected()
            && s.sinceLastHeartbeat().orElseThrow().compareTo(Duration.ofMillis(900)) > 0;
      });

      OneBotSimulator back = gw.sim(10001).heartbeat(Duration.ofMillis(200));
      OnContext.await(back.connectUniversal(gw.port, U));
      // Three heartbeats on the new connection: the watchdog has looked many times meanwhile.
      double before = gw.counter("social.onebot.events", "post_type", "meta_event");
      gw.waitFor("three heartbeats after the reconnect", () ->
          gw.counter("social.onebot.events", "post_type", "meta_event") >= before + 3);

      assertFalse(log.contains("silent: no heartbeat"), String.join("\n", log.lines()));
      assertTrue(gw.gateway.bot(10001).orElseThrow().up());
    }
  }
}
