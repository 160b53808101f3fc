package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** A new friend was added ({@code friend_add}). */
public record FriendAddNotice(long selfId, long time, long userId, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "friend_add";
  }

  @Override
  public String subType() {
    return "";
  }
}
