package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.store.Conversation;
import dev.perocore.social.store.MediaLink;
import dev.perocore.social.store.MessageRef;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.PendingRequest;
import dev.perocore.social.store.SessionActivity;
import dev.perocore.social.store.StoreClosedException;
import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.store.StoredMessage;
import dev.perocore.social.store.StoredRequest;
import dev.perocore.social.store.SummaryRow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The store's reads: messages, sessions, summaries and requests, on the reader pool, never in a
 * transaction (WAL readers see the last commit and never wait for the writer). Each read is timed
 * in {@code social_store_read{query}} and waits at most store.read_timeout.
 */
final class Reads {

  private final Pool readers;
  private final TaskSet tasks;
  private final StoreConfig config;
  private final StoreMetrics metrics;
  private final BooleanSupplier open;

  Reads(Pool readers, TaskSet tasks, StoreConfig config, StoreMetrics metrics,
      BooleanSupplier open) {
    this.readers = readers;
    this.tasks = tasks;
    this.config = config;
    this.metrics = metrics;
    this.open = open;
  }

  Future<List<StoredMessage>> recent(ChatKey session, int limit) {
    return read("recent", session.toString(), () -> readers.preparedQuery(Sql.RECENT)
        .execute(Tuple.of(session.selfId(), session.type().label(), session.peerId(),
            limit, session.selfId(), session.type().label(), session.peerId(), limit))
        .map(rs -> newestInOrder(RowMappers.all(rs, RowMappers::storedMessage), limit)));
  }

  Future<List<StoredMessage>> privateHistory(long selfId, long userId, int limit) {
    ChatKey session = ChatKey.privateChat(selfId, userId);
    return read("private_history", session.toString(), () -> readers.preparedQuery(Sql.RECENT)
        .execute(Tuple.of(selfId, ChatType.PRIVATE.label(), userId, limit, selfId,
            ChatType.PRIVATE.label(), userId, limit))
        .map(rs -> newestInOrder(RowMappers.all(rs, RowMappers::storedMessage), limit)));
  }

  Future<Optional<Long>> latestGroupOf(long selfId, long userId) {
    return read("latest_group", selfId + ":" + userId, () -> readers
        .preparedQuery(Sql.LATEST_GROUP).execute(Tuple.of(selfId, userId))
        .map(rs -> rs.size() == 0 ? Optional.<Long>empty()
            : Optional.of(rs.iterator().next().getLong("group_id"))));
  }

  Future<List<SessionActivity>> sessionsByActivity(long selfId, ChatType type, int limit) {
    return read("sessions_by_activity", selfId + ":" + type.label(), () -> readers
        .preparedQuery(Sql.SESSIONS_BY_ACTIVITY).execute(Tuple.of(selfId, type.label(), limit))
        .map(rs -> RowMappers.all(rs, RowMappers::sessionActivity)));
  }

  Future<List<StoredMessage>> search(ChatKey session, String text, int limit) {
    String pattern = likePattern(text);
    return read("search", session.toString(), () -> readers.preparedQuery(Sql.SEARCH)
        .execute(Tuple.of(session.selfId(), session.type().label(), session.peerId(), pattern,
            limit))
        .map(rs -> RowMappers.all(rs, RowMappers::storedMessage)));
  }

  Future<Integer> countUnsummarized(ChatKey session) {
    return read("count_unsummarized", session.toString(), () -> readers
        .preparedQuery(Sql.COUNT_UNSUMMARIZED)
        .execute(Tuple.of(session.selfId(), session.type().label(), session.peerId(),
            session.selfId(), session.type().label(), session.peerId()))
        // SQLite names a result column without an alias after its expression's text.
        .map(rs -> rs.iterator().next().getInteger("count(*)")));
  }

  Future<List<SummaryRow>> summaries(ChatKey session, int limit) {
    return read("summaries", session.toString(), () -> readers.preparedQuery(Sql.SUMMARIES)
        .execute(Tuple.of(session.selfId(), session.type().label(), session.peerId(), limit))
        .map(rs -> {
          List<SummaryRow> list = RowMappers.all(rs, row -> RowMappers.summary(session, row));
          Collections.reverse(list);
          return list;
        }));
  }

  Future<List<MediaLink>> media(ChatKey session, List<Long> messageIds) {
    if (messageIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return read("media", session.toString(), () -> readers.preparedQuery(Sql.MEDIA_OF)
        .execute(Tuple.of(session.selfId(), session.type().label(), session.peerId(),
            new JsonArray(List.copyOf(messageIds)).encode()))
        .map(rs -> RowMappers.all(rs, row -> new MediaLink(row.getLong("message_id"),
            row.getLong("sender_id"), row.getInteger("seq"), row.getString("sha256"),
            row.getString("mime"), row.getLong("size")))));
  }

  Future<List<SummaryRow>> recall(ChatKey session, String text, List<Long> participants,
      boolean groupsToo, int limit) {
    String plain = RecallQuery.plain(text);
    String match = RecallQuery.matchExpression(plain);
    String type = session.type().label();
    int groups = groupsToo && session.type() == ChatType.PRIVATE ? 1 : 0;
    // About the people speaking: other groups' summaries, into a group, or into a private chat
    // that may see groups at all.
    boolean aboutThem = !participants.isEmpty()
        && (session.type() == ChatType.GROUP || groups == 1);
    return read("recall", session.toString(), () -> {
      Future<List<Row>> newest = readers.preparedQuery(RecallQuery.NEWEST)
          .execute(Tuple.of(session.selfId(), type, session.peerId(), limit)).map(Reads::rows);
      Future<List<Row>> byKeyword = plain.isBlank() ? Future.succeededFuture(List.of())
          : readers.preparedQuery(RecallQuery.BY_KEYWORD).execute(Tuple.of(session.selfId(), plain,
              type, session.peerId(), groups, session.peerId(), limit)).map(Reads::rows);
      Future<List<Row>> byText = match.isEmpty() ? Future.succeededFuture(List.of())
          : readers.preparedQuery(RecallQuery.BY_TEXT).execute(Tuple.of(match, session.selfId(),
              type, session.peerId(), groups, session.peerId(), limit)).map(Reads::rows);
      Future<List<Row>> byParticipant = !aboutThem ? Future.succeededFuture(List.of())
          : readers.preparedQuery(RecallQuery.BY_PARTICIPANT).execute(Tuple.of(
              new JsonArray(List.copyOf(participants)).encode(), session.selfId(), type,
              session.peerId(), limit)).map(Reads::rows);
      return Future.all(byKeyword, byText, byParticipant, newest).map(all -> RecallQuery.rank(
          byKeyword.result(), byText.result(), byParticipant.result(), newest.result(), limit));
    });
  }

  Future<List<NoticeRow>> notices(ChatKey session, int limit) {
    String sql = session.type() == ChatType.GROUP ? Sql.GROUP_NOTICES : Sql.PRIVATE_NOTICES;
    return read("notices", session.toString(), () -> readers.preparedQuery(sql)
        .execute(Tuple.of(session.selfId(), session.peerId(), limit))
        .map(rs -> {
          List<NoticeRow> list = RowMappers.all(rs, RowMappers::notice);
          Collections.reverse(list);
          return list;
        }));
  }

  private static List<Row> rows(RowSet<Row> rs) {
    List<Row> rows = new ArrayList<>(rs.size());
    rs.forEach(rows::add);
    return rows;
  }

  Future<List<PendingRequest>> pendingRequests(long selfId, int limit) {
    return read("pending_requests", String.valueOf(selfId), () -> readers
        .preparedQuery(Sql.PENDING_REQUESTS).execute(Tuple.of(selfId, limit))
        .map(rs -> RowMappers.all(rs, RowMappers::pendingRequest)));
  }

  Future<List<PendingRequest>> pendingRequests(int limit) {
    return read("pending_requests", "all", () -> readers
        .preparedQuery(Sql.PENDING_REQUESTS_ALL).execute(Tuple.of(limit))
        .map(rs -> RowMappers.all(rs, RowMappers::pendingRequest)));
  }

  Future<Optional<StoredRequest>> request(long rowId) {
    return read("request", String.valueOf(rowId), () -> readers
        .preparedQuery(Sql.REQUEST_BY_ID).execute(Tuple.of(rowId))
        .map(rs -> rs.size() == 0 ? Optional.<StoredRequest>empty()
            : Optional.of(RowMappers.storedRequest(rs.iterator().next()))));
  }

  Future<List<StoredMessage>> before(ChatKey session, long beforeRowId, int limit) {
    return read("before", session.toString(), () -> readers.preparedQuery(Sql.BEFORE)
        .execute(Tuple.of(session.selfId(), session.type().label(), session.peerId(),
            beforeRowId, limit, session.selfId(), session.type().label(), session.peerId(),
            beforeRowId, limit))
        .map(rs -> newestInOrder(RowMappers.all(rs, RowMappers::storedMessage), limit)));
  }

  Future<List<Conversation>> conversations(String query, int limit) {
    return read("conversations", query, () -> readers.preparedQuery(Sql.CONVERSATIONS)
        .execute(Tuple.of(likePattern(query), limit))
        .map(rs -> RowMappers.all(rs, row -> new Conversation(RowMappers.sessionActivity(row)
            .session(), Optional.ofNullable(row.getString("name")),
            Instant.ofEpochMilli(row.getLong("last_active_at"))))));
  }

  Future<Boolean> consumed(ChatKey session, MessageRef message) {
    return read("consumed", session.toString(), () -> readers.preparedQuery(Sql.CONSUMED)
        .execute(Tuple.of(session.selfId(), message.messageId(), session.type().label(),
            session.peerId(), message.senderId(), message.eventTimeMillis()))
        .map(rs -> rs.size() > 0 && rs.iterator().next().getValue("consumed_at") != null));
  }

  Future<List<StoredMessage>> unconsumed(Instant since, int limit) {
    // Received at most a stale_after later than its event time, or it was stale on arrival and
    // never answerable; earlier than its event time when QQ's clock runs ahead of ours: the
    // window on received_at is twice as wide, and event_time decides.
    long from = since.toEpochMilli();
    long window = Math.max(0, System.currentTimeMillis() - from);
    return read("unconsumed", "since " + since, () -> readers.preparedQuery(Sql.UNCONSUMED)
        .execute(Tuple.of(from - window, from, limit))
        .map(rs -> {
          List<StoredMessage> rows = RowMappers.all(rs, RowMappers::storedMessage);
          rows.sort(Comparator.comparingLong(StoredMessage::rowId));
          return rows;
        }));
  }

  /** A pragma's value as the reader pool's connections see it (tests, status). */
  Future<String> pragma(String name) {
    return readers.query("PRAGMA " + name).execute()
        // By position: a pragma names its one column as it likes (busy_timeout's is "timeout").
        .map(rs -> String.valueOf(rs.iterator().next().getValue(0)));
  }

  private <T> Future<T> read(String query, String detail, Supplier<Future<T>> work) {
    if (!open.getAsBoolean()) {
      return Future.failedFuture(new StoreClosedException("store closed: read refused"));
    }
    long started = System.nanoTime();
    Future<T> timed = work.get().andThen(ar -> metrics.read(query)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    return tasks.track("store.read." + query, detail, config.readTimeout(), timed);
  }

  /** {@code text} anywhere, with LIKE's wildcards in it taken literally (ESCAPE '\\'). */
  private static String likePattern(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  /**
   * RECENT's and BEFORE's two runs (live, backfilled) merged: the newest {@code limit} by event
   * time, then row id, oldest first.
   */
  private static List<StoredMessage> newestInOrder(List<StoredMessage> runs, int limit) {
    List<StoredMessage> all = new ArrayList<>(runs);
    all.sort(Comparator.comparing((StoredMessage m) -> m.row().eventTime())
        .thenComparingLong(StoredMessage::rowId));
    return all.size() <= limit ? all : new ArrayList<>(all.subList(all.size() - limit, all.size()));
  }
}
