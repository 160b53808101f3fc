package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/**
 * A group request: {@code add} (someone asks to join a group the bot administers) or {@code invite}
 * (someone invites the bot into {@code groupId}).
 */
public record GroupRequestEvent(
    long selfId, long time, String subType, long groupId, long userId, String comment, String flag,
    JsonObject raw) implements RequestEvent {

  @Override
  public String requestType() {
    return "group";
  }

  /** The bot is invited into a group (rather than asked to admit someone). */
  public boolean invite() {
    return "invite".equals(subType);
  }
}
