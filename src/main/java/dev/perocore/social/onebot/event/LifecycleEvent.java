package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** {@code enable}, {@code disable} (HTTP-ish transports) or {@code connect} (sent first on a WebSocket). */
public record LifecycleEvent(long selfId, long time, String subType, JsonObject raw) implements MetaEvent {

  @Override
  public String metaEventType() {
    return "lifecycle";
  }
}
