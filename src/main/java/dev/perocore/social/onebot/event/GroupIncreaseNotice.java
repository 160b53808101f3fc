package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** A member joined: {@code approve} or {@code invite} ({@code group_increase}). */
public record GroupIncreaseNotice(long selfId, long time, String subType, long groupId, long operatorId, long userId, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "group_increase";
  }
}
