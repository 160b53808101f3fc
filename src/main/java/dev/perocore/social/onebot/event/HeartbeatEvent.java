package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * A heartbeat. {@code interval} is the announced period in milliseconds (the next heartbeat is due
 * then); {@code status} is the implementation's {@code get_status} object (empty if absent; do not
 * modify).
 */
public record HeartbeatEvent(long selfId, long time, long interval, JsonObject status, JsonObject raw)
    implements MetaEvent {

  @Override
  public String metaEventType() {
    return "heartbeat";
  }

  public Duration intervalDuration() {
    return Duration.ofMillis(interval);
  }

  /** {@code status.online}; absent counts as online (go-cqhttp omits it when the app is fine). */
  public boolean online() {
    return !(status.getValue("online") instanceof Boolean b) || b;
  }

  /** {@code status.good}; absent counts as good. */
  public boolean good() {
    return !(status.getValue("good") instanceof Boolean b) || b;
  }
}
