package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.onebot.impl.ManualPacerClock;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a bot absent for {@code onebot.forget_bot_after} loses its per-bot series and its
 * readiness entry (the gateway's bot list), unless it is configured in {@code session.bots}. The
 * absence is measured on a manual clock: the test says how much time passed.
 */
class BotForgettingTest {

  private static final String U = OneBotGatewayVerticle.PATH_UNIVERSAL;

  @Test
  void aBotAbsentForForgetBotAfterLosesItsSeriesAndEntryUnlessKept() {
    ManualPacerClock clock = new ManualPacerClock();
    try (GatewayFixture gw = GatewayFixture.start(
        TestConfig.onebot(Map.of("onebot.forget_bot_after", "1h")), clock)) {
      gw.gateway.keepBots(Set.of(10002L));
      OneBotSimulator gone = gw.sim(10001);
      OneBotSimulator kept = gw.sim(10002);
      OneBotSimulator staying = gw.sim(10003);
      for (OneBotSimulator sim : new OneBotSimulator[] {gone, kept, staying}) {
        OnContext.await(sim.connectUniversal(gw.port, U));
        gw.waitForBot(sim.selfId(), ClientRole.UNIVERSAL);
      }
      assertNotNull(upGauge(gw, 10001));
      OnContext.await(gone.close());
      OnContext.await(kept.close());
      gw.waitFor("both gone", () -> gw.gateway.bot(10001).map(b -> b.roles().isEmpty())
          .orElse(false) && gw.gateway.bot(10002).map(b -> b.roles().isEmpty()).orElse(false));

      clock.advance(Duration.ofMinutes(61));
      gw.waitFor("bot 10001 forgotten", () -> gw.gateway.bot(10001).isEmpty());
      assertNull(upGauge(gw, 10001), "its social_onebot_bot_up series is removed");
      assertNull(gw.guarded.registry.find("social.onebot.heartbeat.age.seconds")
          .tag("self_id", "10001").gauge(), "its heartbeat-age series is removed");
      assertFalse(gw.gateway.bots().stream().anyMatch(b -> b.selfId() == 10001),
          "its readiness entry is gone");
      assertTrue(gw.gateway.bot(10002).isPresent(), "a bot in session.bots is kept");
      assertNotNull(upGauge(gw, 10002));
      assertTrue(gw.gateway.bot(10003).isPresent(), "a connected bot is never forgotten");

      OneBotSimulator back = gw.sim(10001);
      OnContext.await(back.connectUniversal(gw.port, U));
      gw.waitForBot(10001, ClientRole.UNIVERSAL);
      gw.waitFor("its series is back and up", () -> upGauge(gw, 10001) != null
          && upGauge(gw, 10001).value() == 1.0);
      assertEquals(3, gw.gateway.bots().size());
    }
  }

  private static io.micrometer.core.instrument.Gauge upGauge(GatewayFixture gw, long selfId) {
    return gw.guarded.registry.find("social.onebot.bot.up").tag("self_id", Long.toString(selfId))
        .gauge();
  }
}
