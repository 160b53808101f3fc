package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

import java.util.OptionalLong;

/**
 * A notice this model has no record for, kept whole: NapCat's {@code group_msg_emoji_like},
 * {@code essence}, {@code group_card}, {@code notify/input_status}, {@code notify/title},
 * {@code bot_offline} and whatever comes next. {@code subType} is empty when the frame has none.
 */
public record GenericNotice(long selfId, long time, String noticeType, String subType, JsonObject raw)
    implements NoticeEvent {

  /** {@code group_id} when present and an integer (number or numeric string). */
  public OptionalLong groupId() {
    return Ids.optionalLong(raw.getValue("group_id"));
  }

  /** {@code user_id} when present and an integer (number or numeric string). */
  public OptionalLong userId() {
    return Ids.optionalLong(raw.getValue("user_id"));
  }
}
