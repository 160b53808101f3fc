package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** A member left: {@code leave}, {@code kick}, {@code kick_me} (the bot was kicked) ({@code group_decrease}). */
public record GroupDecreaseNotice(long selfId, long time, String subType, long groupId, long operatorId, long userId, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "group_decrease";
  }

  /** The bot itself was removed from the group. */
  public boolean botKicked() {
    return "kick_me".equals(subType);
  }
}
