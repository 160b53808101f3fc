package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** Someone asks to become the bot's friend. */
public record FriendRequestEvent(long selfId, long time, long userId, String comment, String flag, JsonObject raw)
    implements RequestEvent {

  @Override
  public String requestType() {
    return "friend";
  }
}
