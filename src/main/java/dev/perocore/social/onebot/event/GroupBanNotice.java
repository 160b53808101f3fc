package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** A member muted ({@code ban}, {@code duration} seconds) or unmuted ({@code lift_ban}) ({@code group_ban}). */
public record GroupBanNotice(long selfId, long time, String subType, long groupId, long operatorId, long userId, long duration, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "group_ban";
  }

  /** A mute ended early ({@code lift_ban}) rather than started. */
  public boolean lifted() {
    return "lift_ban".equals(subType);
  }

  /** Whole-group mute: the spec sends user_id 0 for it. */
  public boolean wholeGroup() {
    return userId == 0;
  }
}
