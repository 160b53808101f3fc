package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
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
    SessionConfig config = SessionHarness.fast()
        .with("session.idle_flush", "150ms").with("session.max_buffer", 10)
        .with("session.summon_private", "200ms").with("session.summon_group", "200ms")
        .with("proactive.enabled", true)
        .with("proactive.group_interval", "100ms").with("proactive.group_top", 5)
        .with("proactive.private_interval", "100ms").with("proactive.private_top", 20)
        .with("proactive.quiet_hours", "").with("proactive.timezone", "UTC")
        .session();
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.testBrain.behaviour = TestBrain.Behaviour.PASS;
      h.send(h.sim.groupMessage(1300, 5, "anyone here"));
      // First its own idle flush, then (quiet again) proactive pokes with nothing buffered.
      h.waitFor("a proactive flush of the group", () -> h.testBrain.requests.stream()
          .anyMatch(r -> r.isGroup() && r.messages().isEmpty()
              && r.mode() == BrainRequest.Mode.OBSERVING));
      assertTrue(h.flushes("proactive") >= 1);
      assertEquals(1, h.flushes("idle"));
      // A summon pending while scans run is not swallowed by an observing proactive flush.
      h.send(h.sim.groupMention(1300, 6, "hey bot"));
      h.waitFor("the mention flushed", () -> h.testBrain.requests.stream()
          .anyMatch(r -> r.messages().stream().anyMatch(m -> m.text().contains("hey bot"))));
      assertTrue(h.testBrain.requests.stream()
          .filter(r -> r.messages().stream().anyMatch(m -> m.text().contains("hey bot")))
          .allMatch(r -> r.mode() == BrainRequest.Mode.SUMMONED));
    }
  }

  @Test
  void quietHoursSilenceProactiveScans() {
    SessionConfig config = SessionHarness.fast()
        .with("proactive.enabled", true)
        .with("proactive.group_interval", "50ms").with("proactive.group_top", 5)
        .with("proactive.private_interval", "50ms").with("proactive.private_top", 20)
        .with("proactive.quiet_hours", LocalTime.MIN + "-" + LocalTime.MAX)
        .with("proactive.timezone", "UTC")
        .session();
    assertEquals(Optional.of(LocalTime.MAX), config.proactive().quietEnd(), "always quiet");
    try (SessionHarness h = SessionHarness.withTestBrain(dir, config, Duration.ofSeconds(5))) {
      h.send(h.sim.groupMessage(1301, 5, "anyone here"));
      h.waitForRows("stored", ChatKey.group(SELF, 1301),
          rows -> rows.size() == 1);
      h.pause(300); // six scan periods
      assertEquals(0, h.flushes("proactive"));
    }
  }

  @Test
  void quietHoursWrapMidnight() {
    SessionConfig.Proactive night = TestConfig.defaults().session().proactive();
    assertTrue(night.quiet(LocalTime.of(3, 0)));
    assertFalse(night.quiet(LocalTime.of(8, 0)));
    SessionConfig.Proactive wrap = TestConfig.defaults()
        .with("proactive.enabled", true)
        .with("proactive.group_interval", "1s").with("proactive.group_top", 1)
        .with("proactive.private_interval", "1s").with("proactive.private_top", 1)
        .with("proactive.quiet_hours", "22:00-06:00").with("proactive.timezone", "UTC")
        .session().proactive();
    assertTrue(wrap.quiet(LocalTime.of(23, 30)));
    assertTrue(wrap.quiet(LocalTime.of(5, 59)));
    assertFalse(wrap.quiet(LocalTime.of(12, 0)));
  }

  @Test
  void theDefaultsAreThoseOfConfApplicationYaml() {
    SessionConfig parsed = AppConfig.from(ConfigLoader.defaults()).session();
    assertEquals(0, parsed.shards());
    assertEquals(Duration.ofSeconds(20), parsed.idleFlush());
    assertEquals(10, parsed.maxBuffer());
    assertEquals(Duration.ofSeconds(7), parsed.summonPrivate());
    assertEquals(Duration.ofSeconds(15), parsed.summonGroup());
    assertEquals(List.of(), parsed.summonKeywords());
    assertEquals(SessionConfig.OnNewMessage.QUEUE, parsed.onNewMessage());
    assertEquals(Duration.ofSeconds(120), parsed.observeCooldown());
    assertEquals(Duration.ofMinutes(10), parsed.evictAfter());
    assertEquals(Duration.ofSeconds(150), parsed.sendTimeout());
    assertEquals(Duration.ofSeconds(10), parsed.storeTimeout());
    assertEquals(64, parsed.maxFlushes());
    assertEquals(GroupMode.REPLY, parsed.groupMode());
    assertEquals(Map.of(), parsed.bots());
    SessionConfig.Context context = parsed.context();
    assertEquals(100, context.history());
    assertEquals(3, context.relatedUsers());
    assertEquals(10, context.relatedWindow());
    assertEquals(10, context.relatedMessages());
    assertEquals(Duration.ofSeconds(2), context.relatedTimeout());
    assertEquals(Duration.ofSeconds(5), context.readTimeout());
    assertFalse(context.privateInGroup(), "private chats stay out of group prompts by default");
    assertTrue(context.groupInPrivate());
    assertEquals(30, parsed.summarizeAfter());
    SessionConfig.Proactive proactive = parsed.proactive();
    assertFalse(proactive.enabled());
    assertEquals(Duration.ofSeconds(30), proactive.groupInterval());
    assertEquals(5, proactive.groupTop());
    assertEquals(Duration.ofSeconds(10), proactive.privateInterval());
    assertEquals(20, proactive.privateTop());
    assertEquals(Optional.of(LocalTime.of(0, 0)), proactive.quietStart());
    assertEquals(Optional.of(LocalTime.of(8, 0)), proactive.quietEnd());
    assertEquals(ZoneId.of("Asia/Shanghai"), proactive.zone());
    assertEquals(0, parsed.owner().qq());
    assertEquals(Duration.ofMinutes(10), parsed.owner().notifyInterval());
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
    assertEquals(List.of(), TestConfig.defaults().session().summonKeywords());
  }
}
