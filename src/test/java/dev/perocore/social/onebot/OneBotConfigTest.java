package dev.perocore.social.onebot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.app.config.ConfigException;
import dev.perocore.social.app.config.ConfigLoader;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The onebot section: defaults, validation, and the no-token exposure rule. */
class OneBotConfigTest {

  @Test
  void theEmbeddedDefaultsAreTheShippedValues() {
    OneBotConfig parsed = AppConfig.from(ConfigLoader.defaults()).onebot();
    assertEquals(Optional.empty(), parsed.accessToken());
    assertEquals(List.of(), parsed.forward());
    assertEquals(Duration.ofSeconds(1), parsed.reconnectMin());
    assertEquals(Duration.ofSeconds(60), parsed.reconnectMax());
    assertEquals(1024 * 1024, parsed.maxFrameBytes());
    assertEquals(Duration.ofSeconds(10), parsed.actionTimeout());
    assertEquals(2.0, parsed.heartbeatGrace());
    assertEquals(3, parsed.actionFailureLimit());
    assertEquals(new SendRate(5, Duration.ofSeconds(60)), parsed.sendRatePerGroup());
    assertEquals(new SendRate(20, Duration.ofSeconds(60)), parsed.sendRatePerBot());
    assertEquals(200, parsed.sendQueueMax());
    assertEquals(Duration.ofMinutes(2), parsed.sendQueueTimeout());
    assertEquals(Duration.ofMinutes(10), parsed.dedupeWindow());
    assertEquals(100_000, parsed.dedupeSize());
    assertEquals(Duration.ofSeconds(15), parsed.pingInterval());
  }

  @Test
  void forwardTargetsAndRatesAreParsed() {
    JsonObject json = ConfigLoader.defaults();
    json.getJsonObject("onebot")
        .put("access_token", "t0k")
        .put("forward", new JsonArray().add("ws://127.0.0.1:3001/")
            .add(new JsonObject().put("url", "ws://10.0.0.2:3001/").put("token", "napcat")))
        .put("send_rate_per_group", "3/10s");
    OneBotConfig config = AppConfig.from(json).onebot();
    assertEquals(Optional.of("t0k"), config.accessToken());
    assertEquals(2, config.forward().size());
    assertEquals(Optional.of("napcat"), config.forward().get(1).token());
    assertEquals(new SendRate(3, Duration.ofSeconds(10)), config.sendRatePerGroup());
  }

  @Test
  void badValuesNameTheirKey() {
    assertKey("onebot.forward", "forward", new JsonArray().add("http://x/"));
    assertKey("onebot.send_rate_per_bot", "send_rate_per_bot", "fast");
    assertKey("onebot.max_frame_bytes", "max_frame_bytes", "huge");
    assertKey("onebot.reconnect_max", "reconnect_max", "10ms");
    assertKey("onebot.heartbeat_grace", "heartbeat_grace", "0.5");
  }

  @Test
  void withoutATokenOnlyLoopbackMayServe() {
    OneBotConfig open = TestConfig.defaults().onebot();
    for (String loopback : new String[] {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"}) {
      assertTrue(open.checkExposure(loopback).orElseThrow().contains("not authenticated"), loopback);
    }
    for (String exposed : new String[] {"0.0.0.0", "192.168.1.5", "::", "example.org"}) {
      InsecureExposureException refused =
          assertThrows(InsecureExposureException.class, () -> open.checkExposure(exposed));
      assertTrue(refused.getMessage().contains("onebot.access_token"), refused.getMessage());
    }
    assertEquals(Optional.empty(),
        TestConfig.onebot(Map.of("onebot.access_token", "x")).checkExposure("0.0.0.0"));
  }

  @Test
  void sendRatesReadAsBurstOverPeriod() {
    SendRate rate = SendRate.parse("5/60s");
    assertEquals(5, rate.permits());
    assertEquals(Duration.ofSeconds(12).toNanos(), rate.nanosPerPermit());
    assertEquals(Duration.ofMillis(500), SendRate.parse(" 2 / 500ms ").per());
    assertThrows(IllegalArgumentException.class, () -> SendRate.parse("0/1s"));
    assertThrows(IllegalArgumentException.class, () -> SendRate.parse("5 per minute"));
  }

  private static void assertKey(String key, String field, Object value) {
    JsonObject json = ConfigLoader.defaults();
    json.getJsonObject("onebot").put(field, value);
    ConfigException e = assertThrows(ConfigException.class, () -> AppConfig.from(json));
    assertEquals(key, e.key(), e.getMessage());
  }
}
