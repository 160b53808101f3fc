package dev.perocore.social.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A OneBot notice (group_ban, group_recall, friend_recall, group_increase, poke, ...).
 *
 * @param selfId the bot account
 * @param noticeType OneBot {@code notice_type}
 * @param subType OneBot {@code sub_type}, may be null
 * @param groupId the group, null for private notices
 * @param userId the user concerned, may be null
 * @param operatorId who did it, may be null
 * @param detailJson the notice's own fields (duration, message_id, ...) as JSON
 * @param eventTime when OneBot says it happened
 * @param receivedAt when we received it
 */
public record NoticeRow(long selfId, String noticeType, String subType, Long groupId, Long userId,
    Long operatorId, String detailJson, Instant eventTime, Instant receivedAt) {

  public NoticeRow {
    Objects.requireNonNull(noticeType, "noticeType");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(receivedAt, "receivedAt");
    detailJson = detailJson == null ? "{}" : detailJson;
  }
}
