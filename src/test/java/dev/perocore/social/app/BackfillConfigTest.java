package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.onebot.BackfillConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code onebot.backfill.*}: the shipped defaults, environment overrides, one line per bad key. */
class BackfillConfigTest {

  private static AppConfig load(Map<String, String> env) {
    return AppConfig.from(ConfigLoader.load(Optional.empty(), env));
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertEquals(new BackfillConfig(true, Duration.ofHours(24), 5, 50, Duration.ofSeconds(60),
        Duration.ofMillis(500)), load(Map.of()).backfill());
  }

  @Test
  void theEnvironmentSetsEachKey() {
    BackfillConfig c = load(Map.of("SOCIAL_ONEBOT_BACKFILL_ENABLED", "false",
        "SOCIAL_ONEBOT_BACKFILL_LOOKBACK", "2h", "SOCIAL_ONEBOT_BACKFILL_MAX_PAGES", "7",
        "SOCIAL_ONEBOT_BACKFILL_PAGE_SIZE", "20", "SOCIAL_ONEBOT_BACKFILL_BUDGET", "30s",
        "SOCIAL_ONEBOT_BACKFILL_PAGE_INTERVAL", "0ms")).backfill();
    assertEquals(new BackfillConfig(false, Duration.ofHours(2), 7, 20, Duration.ofSeconds(30),
        Duration.ZERO), c);
  }

  @Test
  void aBadValueNamesItsKey() {
    Map<String, String> bad = Map.of(
        "SOCIAL_ONEBOT_BACKFILL_ENABLED", "perhaps",
        "SOCIAL_ONEBOT_BACKFILL_LOOKBACK", "yesterday",
        "SOCIAL_ONEBOT_BACKFILL_MAX_PAGES", "0",
        "SOCIAL_ONEBOT_BACKFILL_PAGE_SIZE", "5000",
        "SOCIAL_ONEBOT_BACKFILL_BUDGET", "10ms",
        "SOCIAL_ONEBOT_BACKFILL_PAGE_INTERVAL", "-1s");
    bad.forEach((env, value) -> {
      ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(env, value)));
      String key = env.substring("SOCIAL_".length()).toLowerCase(java.util.Locale.ROOT)
          .replaceFirst("onebot_backfill_", "onebot.backfill.");
      assertEquals(key, e.key(), env);
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    });
  }
}
