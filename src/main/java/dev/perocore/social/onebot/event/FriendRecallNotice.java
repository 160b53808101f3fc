package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** A private message was recalled ({@code friend_recall}). */
public record FriendRecallNotice(long selfId, long time, long userId, String messageId, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "friend_recall";
  }

  @Override
  public String subType() {
    return "";
  }
}
