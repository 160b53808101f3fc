package dev.perocore.social.onebot.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.perocore.social.testing.TestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The forgetting rule itself, on a manual clock: absent longer than the bound, and not kept. */
class BotRegistryForgettingTest {

  @Test
  void onlyBotsAbsentLongerThanTheBoundAndNotKeptAreForgotten() {
    ManualPacerClock clock = new ManualPacerClock();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    BotRegistry registry = new BotRegistry(TestConfig.defaults().onebot(), clock,
        new OneBotMetrics(meters));
    registry.keep(Set.of(2L));
    registry.bot(1);
    registry.bot(2);
    clock.advance(Duration.ofMinutes(30));
    registry.bot(3);
    Duration after = Duration.ofHours(1);

    clock.advance(Duration.ofMinutes(29));
    assertEquals(List.of(), registry.forgetAbsent(after), "59 minutes: nobody");

    clock.advance(Duration.ofMinutes(2));
    assertEquals(List.of(1L), registry.forgetAbsent(after), "61 minutes: bot 1, not kept bot 2");
    assertNull(meters.find("social.onebot.bot.up").tag("self_id", "1").gauge());
    assertNotNull(meters.find("social.onebot.bot.up").tag("self_id", "2").gauge());
    assertNotNull(meters.find("social.onebot.bot.up").tag("self_id", "3").gauge());

    clock.advance(Duration.ofMinutes(30));
    assertEquals(List.of(3L), registry.forgetAbsent(after));
    assertEquals(1, registry.bots().size());
  }
}
