package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.store.MessageOrigin;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.PendingRequest;
import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.SessionActivity;
import dev.perocore.social.store.StoredMessage;
import dev.perocore.social.store.StoredRequest;
import dev.perocore.social.store.SummaryRow;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Result rows to the store's records, by the column names the statements in {@link Sql} select:
 * a column added to or moved in a select list cannot shift another one's meaning, and a column
 * missing from one fails loudly instead of reading its neighbour.
 */
final class RowMappers {

  private RowMappers() {}

  /** Every row of a result, in result order. */
  static <T> List<T> all(RowSet<Row> rs, Function<Row, T> mapper) {
    List<T> list = new ArrayList<>(rs.size());
    for (Row row : rs) {
      list.add(mapper.apply(row));
    }
    return list;
  }

  /** A row of {@link Sql#MESSAGE_COLUMNS}. */
  static StoredMessage storedMessage(Row row) {
    MessageRow message = new MessageRow(session(row), row.getLong("message_id"),
        MessageStatus.fromColumn(row.getString("status")), row.getInteger("retcode"),
        row.getLong("sender_id"), row.getString("sender_name"), row.getString("content_cq"),
        row.getString("content_json"), Instant.ofEpochMilli(row.getLong("event_time")),
        Instant.ofEpochMilli(row.getLong("received_at")), null,
        MessageOrigin.fromColumn(row.getString("origin")));
    return new StoredMessage(row.getLong("id"), message, row.getInteger("summarized") != 0);
  }

  /** A row of {@link Sql#SESSIONS_BY_ACTIVITY}. */
  static SessionActivity sessionActivity(Row row) {
    return new SessionActivity(session(row), Instant.ofEpochMilli(row.getLong("last_active_at")));
  }

  /** A row of {@link Sql#SUMMARIES}; keywords are stored as a JSON array. */
  static SummaryRow summary(ChatKey session, Row row) {
    List<String> keywords = new ArrayList<>();
    new JsonArray(row.getString("keywords")).forEach(k -> keywords.add(String.valueOf(k)));
    return new SummaryRow(session, row.getString("summary"), keywords,
        row.getLong("first_row_id"), row.getLong("last_row_id"), row.getInteger("message_count"),
        Instant.ofEpochMilli(row.getLong("created_at")));
  }

  /** A row of {@link Sql#GROUP_NOTICES} or {@link Sql#PRIVATE_NOTICES}. */
  static NoticeRow notice(Row row) {
    return new NoticeRow(row.getLong("self_id"), row.getString("notice_type"),
        row.getString("sub_type"), row.getLong("group_id"), row.getLong("user_id"),
        row.getLong("operator_id"), row.getString("detail_json"),
        Instant.ofEpochMilli(row.getLong("event_time")),
        Instant.ofEpochMilli(row.getLong("received_at")));
  }

  /** A row of {@link Sql#PENDING_REQUESTS} or {@link Sql#PENDING_REQUESTS_ALL}. */
  static PendingRequest pendingRequest(Row row) {
    return new PendingRequest(row.getLong("id"), requestRow(row));
  }

  /** A row of {@link Sql#REQUEST_BY_ID}: the request and how it was resolved, if it was. */
  static StoredRequest storedRequest(Row row) {
    String resolution = row.getString("resolution");
    Long resolvedAt = row.getLong("resolved_at");
    return new StoredRequest(row.getLong("id"), requestRow(row),
        Optional.ofNullable(resolution)
            .map(r -> RequestResolution.valueOf(r.toUpperCase(Locale.ROOT))),
        Optional.ofNullable(resolvedAt).map(Instant::ofEpochMilli),
        row.getString("resolution_note"));
  }

  private static RequestRow requestRow(Row row) {
    return new RequestRow(row.getLong("self_id"), row.getString("request_type"),
        row.getString("sub_type"), row.getLong("user_id"), row.getLong("group_id"),
        row.getString("comment"), row.getString("flag"),
        Instant.ofEpochMilli(row.getLong("event_time")),
        Instant.ofEpochMilli(row.getLong("received_at")));
  }

  /** The conversation a row belongs to: its self_id, chat_type and peer_id columns. */
  private static ChatKey session(Row row) {
    return new ChatKey(row.getLong("self_id"), ChatType.fromLabel(row.getString("chat_type")),
        row.getLong("peer_id"));
  }
}
