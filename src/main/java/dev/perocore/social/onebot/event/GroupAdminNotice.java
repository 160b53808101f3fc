package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** A member made ({@code set}) or unmade ({@code unset}) admin ({@code group_admin}). */
public record GroupAdminNotice(long selfId, long time, String subType, long groupId, long userId, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "group_admin";
  }
}
