package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.brain.BrainRequest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Point 13 (proactive scans, quiet hours) and the configuration of the session sections. */
class ProactiveAndConfigTest {

  static final long SELF = SessionHarness.SELF;

  @TempDir
  Path dir;

  @Test
  void proactiveScansAskTheBrainInObservingModeForActiveChats() {
    SessionConfig.Proactive proactive = new SessionConfig.Proactive(true, Duration.ofMillis(100),
        5, Duration.ofMillis(100), 20, Optional.empty(), Optional.empty(), ZoneId.of("UTC"));
    SessionConfig config = SessionHarness.fastConfig().withProactive(proactive);
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      h.send(h.sim.groupMessage(1300, 5, "anyone here"));
      h.waitFor("a proactive flush of the group", () -> h.testBrain.requests.stream()
          .anyMatch(r -> r.isGroup() && r.mode() == BrainRequest.Mode.OBSERVING));
      assertTrue(h.flushes("proactive") >= 1);
    }
  }

  @Test
  void quietHoursSilenceProactiveScans() {
    SessionConfig.Proactive alwaysQuiet = new SessionConfig.Proactive(true, Duration.ofMillis(50),
        5, Duration.ofMillis(50), 20, Optional.of(LocalTime.MIN), Optional.of(LocalTime.MAX),
        ZoneId.of("UTC"));
    SessionConfig config = SessionHarness.fastConfig().withProactive(alwaysQuiet);
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.send(h.sim.groupMessage(1301, 5, "anyone here"));
      h.waitForRows("stored", dev.perocore.social.store.SessionRef.ofGroup(SELF, 1301),
          rows -> rows.size() == 1);
      h.pause(300); // six scan periods
      assertEquals(0, h.flushes("proactive"));
    }
  }

  @Test
  void quietHoursWrapMidnight() {
    SessionConfig.Proactive night = SessionConfig.defaults().proactive();
    assertTrue(night.quiet(LocalTime.of(3, 0)));
    assertFalse(night.quiet(LocalTime.of(8, 0)));
    SessionConfig.Proactive wrap = new SessionConfig.Proactive(true, Duration.ofSeconds(1), 1,
        Duration.ofSeconds(1), 1, Optional.of(LocalTime.of(22, 0)), Optional.of(LocalTime.of(6, 0)),
        ZoneId.of("UTC"));
    assertTrue(wrap.quiet(LocalTime.of(23, 30)));
    assertTrue(wrap.quiet(LocalTime.of(5, 59)));
    assertFalse(wrap.quiet(LocalTime.of(12, 0)));
  }

  @Test
  void theDefaultsAreThoseOfConfApplicationYaml() {
    SessionConfig parsed = AppConfig.from(ConfigLoader.defaults()).session();
    assertEquals(SessionConfig.defaults(), parsed);
  }

  @Test
  void botsAndGroupModesParseAndBadValuesNameTheirKey() {
    JsonObject json = ConfigLoader.defaults();
    json.getJsonObject("session").put("bots", new JsonObject().put("10001", new JsonObject()
        .put("name", "Pero").put("deny_users", new io.vertx.core.json.JsonArray().add(5))
        .put("group_modes", new JsonObject().put("123", "observe"))));
    SessionConfig config = AppConfig.from(json).session();
    BotPolicy bot = config.bot(10001);
    assertEquals("Pero", bot.name());
    assertEquals(GroupMode.OBSERVE, bot.groupMode(123, GroupMode.REPLY));
    assertFalse(bot.userAllowed(5));
    assertTrue(config.bot(10002).userAllowed(5));

    JsonObject bad = ConfigLoader.defaults();
    bad.getJsonObject("proactive").put("quiet_hours", "late");
    assertTrue(assertThrows(ConfigException.class, () -> AppConfig.from(bad)).getMessage()
        .contains("proactive.quiet_hours"));
    JsonObject badMode = ConfigLoader.defaults();
    badMode.getJsonObject("session").put("bots", new JsonObject().put("1", new JsonObject()
        .put("group_modes", new JsonObject().put("9", "loud"))));
    assertTrue(assertThrows(ConfigException.class, () -> AppConfig.from(badMode)).getMessage()
        .contains("session.bots.1.group_modes.9"));
    JsonObject badPolicy = ConfigLoader.defaults();
    badPolicy.getJsonObject("session").put("on_new_message", "shout");
    assertTrue(assertThrows(ConfigException.class, () -> AppConfig.from(badPolicy)).getMessage()
        .contains("session.on_new_message"));
    assertEquals(List.of(), SessionConfig.defaults().summonKeywords());
  }
}
