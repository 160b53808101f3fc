package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** A group honour changed ({@code notify}/{@code honor}): {@code honorType} talkative, performer or emotion. */
public record HonorNotice(long selfId, long time, long groupId, String honorType, long userId, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "notify";
  }

  @Override
  public String subType() {
    return "honor";
  }
}
