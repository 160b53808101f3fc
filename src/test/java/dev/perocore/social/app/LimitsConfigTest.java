package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.app.config.ConfigLoader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 14's keys: defaults as documented, and a bad value stops start-up naming its key. */
class LimitsConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    AppConfig config = load(Map.of());
    var limits = config.onebot().limits();
    assertEquals(64, limits.maxConnections());
    assertEquals(1024 * 1024, limits.maxPendingBytesPerConnection());
    assertEquals(16 * 1024 * 1024, limits.maxPendingBytesTotal());
    assertEquals(Duration.ofSeconds(30), limits.fragmentTimeout());
    assertEquals(Duration.ofHours(24), limits.forgetBotAfter());
    assertEquals(Set.of(), limits.allowedBots());
    assertEquals(128, limits.readBacklogMax());
    assertEquals(Duration.ofSeconds(60), config.httpLimits().idleTimeout());
    assertEquals(Duration.ofSeconds(10), config.managementLimits().headerTimeout());
    assertEquals(Set.of(1L, 2L),
        load(Map.of("SOCIAL_ONEBOT_ALLOWED_BOTS", "1,2")).onebot().limits().allowedBots());
  }

  @Test
  void aBadValueNamesItsKey() {
    Map<String, String> bad = Map.of(
        "SOCIAL_ONEBOT_MAX_CONNECTIONS", "0",
        "SOCIAL_ONEBOT_MAX_PENDING_BYTES_PER_CONNECTION", "lots",
        "SOCIAL_ONEBOT_FRAGMENT_TIMEOUT", "never",
        "SOCIAL_ONEBOT_FORGET_BOT_AFTER", "-1s",
        "SOCIAL_ONEBOT_ALLOWED_BOTS", "bob",
        "SOCIAL_ONEBOT_READ_BACKLOG_MAX", "0",
        "SOCIAL_HTTP_HEADER_TIMEOUT", "slow",
        "SOCIAL_MANAGEMENT_IDLE_TIMEOUT", "0");
    for (Map.Entry<String, String> entry : bad.entrySet()) {
      String key = entry.getKey().substring("SOCIAL_".length()).toLowerCase()
          .replaceFirst("_", ".");
      assertEquals(key, assertThrows(ConfigException.class,
          () -> load(Map.of(entry.getKey(), entry.getValue()))).key(), entry.toString());
    }
    assertEquals("onebot.max_pending_bytes_total", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_ONEBOT_MAX_PENDING_BYTES_TOTAL", "2KiB"))).key());
    assertEquals("http.idle_timeout", assertThrows(ConfigException.class,
        () -> load(Map.of("SOCIAL_HTTP_IDLE_TIMEOUT", "10s"))).key(),
        "not longer than onebot.ping_interval 15s");
  }

  private static AppConfig load(Map<String, String> env) {
    return AppConfig.from(ConfigLoader.load(Optional.empty(), env));
  }
}
