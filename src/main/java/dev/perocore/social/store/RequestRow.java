package dev.perocore.social.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A OneBot request (friend add, group add or invite). Unique per bot, type and {@code flag}: a
 * repeated event is a duplicate.
 *
 * @param selfId the bot account
 * @param requestType {@code friend} or {@code group}
 * @param subType {@code add} / {@code invite} for group requests, may be null
 * @param userId who asks
 * @param groupId the group for group requests, null otherwise
 * @param comment the verification message
 * @param flag OneBot's handle for answering the request
 * @param eventTime when OneBot says it happened
 * @param receivedAt when we received it
 */
public record RequestRow(long selfId, String requestType, String subType, long userId,
    Long groupId, String comment, String flag, Instant eventTime, Instant receivedAt) {

  public RequestRow {
    Objects.requireNonNull(requestType, "requestType");
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(receivedAt, "receivedAt");
    comment = comment == null ? "" : comment;
  }
}
