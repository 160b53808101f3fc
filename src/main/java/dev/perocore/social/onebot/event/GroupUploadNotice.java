package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/** A file uploaded to a group ({@code group_upload}). */
public record GroupUploadNotice(long selfId, long time, long groupId, long userId, GroupFile file, JsonObject raw) implements NoticeEvent {

  @Override
  public String noticeType() {
    return "group_upload";
  }

  @Override
  public String subType() {
    return "";
  }
}
