package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** A group message was recalled; {@code messageId} normalised like message events' ({@code group_recall}). */
public record GroupRecallNotice(long selfId, long time, long groupId, long userId, long operatorId, String messageId, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "group_recall";
  }

  @Override
  public String subType() {
    return "";
  }
}
