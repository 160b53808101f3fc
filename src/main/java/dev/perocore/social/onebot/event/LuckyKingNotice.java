package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** The lucky king of a red packet ({@code notify}/{@code lucky_king}): {@code userId} sent it, {@code targetId} won. */
public record LuckyKingNotice(long selfId, long time, long groupId, long userId, long targetId, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "notify";
  }

  @Override
  public String subType() {
    return "lucky_king";
  }
}
