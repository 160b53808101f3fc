package dev.perocore.social.store.impl;

import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.SessionRef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one group-commit batch of rows inside the caller's transaction: messages as one JDBC
 * batch (duplicates found first with one indexed query per bot), notices as one batch, requests
 * one by one (rare), then the users, groups and session activity the messages imply.
 */
final class RowWriter {

  /** A user or group row to upsert; a message implies them too. */
  record UserUpsert(long userId, String nickname, long seenAtMillis) {}

  record GroupUpsert(long groupId, String name, long seenAtMillis) {}

  private final StoreMetrics metrics;

  RowWriter(StoreMetrics metrics) {
    this.metrics = metrics;
  }

  /** Results in batch order: an {@link AppendResult} for appends, null for upserts. */
  Future<List<Object>> write(SqlConnection conn, List<Object> rows) {
    Object[] results = new Object[rows.size()];
    List<Integer> messageSlots = new ArrayList<>();
    List<Tuple> notices = new ArrayList<>();
    List<Integer> noticeSlots = new ArrayList<>();
    List<Integer> requestSlots = new ArrayList<>();
    Map<Long, UserUpsert> users = new LinkedHashMap<>();
    Map<Long, GroupUpsert> groups = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Object row = rows.get(i);
      if (row instanceof MessageRow) {
        messageSlots.add(i);
      } else if (row instanceof NoticeRow notice) {
        noticeSlots.add(i);
        notices.add(noticeTuple(notice));
      } else if (row instanceof RequestRow) {
        requestSlots.add(i);
      } else if (row instanceof UserUpsert user) {
        users.merge(user.userId(), user, RowWriter::laterUser);
      } else if (row instanceof GroupUpsert group) {
        groups.merge(group.groupId(), group, RowWriter::laterGroup);
      } else {
        throw new IllegalArgumentException("not a row: " + row);
      }
    }
    return existingIds(conn, rows, messageSlots)
        .compose(existing -> insertMessages(conn, rows, messageSlots, existing, results, users,
            groups))
        .compose(v -> notices.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery(Sql.INSERT_NOTICE).executeBatch(notices).map(rs -> {
              for (int slot : noticeSlots) {
                results[slot] = AppendResult.STORED;
              }
              metrics.rows("notice").increment(noticeSlots.size());
              return null;
            }))
        .compose(v -> insertRequests(conn, rows, requestSlots, results))
        .compose(v -> upsertUsers(conn, users.values()))
        .compose(v -> upsertGroups(conn, groups.values()))
        .map(v -> Arrays.asList(results));
  }

  /** The (self_id, message_id) pairs of this batch that are already stored. */
  private Future<Set<List<Long>>> existingIds(SqlConnection conn, List<Object> rows,
      List<Integer> slots) {
    Map<Long, JsonArray> idsByBot = new HashMap<>();
    for (int slot : slots) {
      MessageRow row = (MessageRow) rows.get(slot);
      if (row.messageId() != null) {
        idsByBot.computeIfAbsent(row.session().selfId(), k -> new JsonArray()).add(row.messageId());
      }
    }
    Set<List<Long>> existing = new HashSet<>();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<Long, JsonArray> entry : idsByBot.entrySet()) {
      chain = chain.compose(v -> conn.preparedQuery(Sql.EXISTING_MESSAGE_IDS)
          .execute(Tuple.of(entry.getKey(), entry.getValue().encode()))
          .map(found -> {
            for (Row row : found) {
              existing.add(List.of(entry.getKey(), row.getLong(0)));
            }
            return null;
          }));
    }
    return chain.map(existing);
  }

  private Future<Void> insertMessages(SqlConnection conn, List<Object> rows, List<Integer> slots,
      Set<List<Long>> existing, Object[] results, Map<Long, UserUpsert> users,
      Map<Long, GroupUpsert> groups) {
    if (slots.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> inserts = new ArrayList<>(slots.size());
    Map<SessionRef, Long> activity = new LinkedHashMap<>();
    int duplicates = 0;
    for (int slot : slots) {
      MessageRow row = (MessageRow) rows.get(slot);
      long selfId = row.session().selfId();
      // existing.add also catches a repeat of the same id inside this very batch.
      if (row.messageId() != null && !existing.add(List.of(selfId, row.messageId()))) {
        results[slot] = AppendResult.DUPLICATE;
        duplicates++;
        continue;
      }
      results[slot] = AppendResult.STORED;
      inserts.add(messageTuple(row));
      long at = row.receivedAt().toEpochMilli();
      activity.merge(row.session(), at, Math::max);
      if (row.status() == MessageStatus.RECEIVED) {
        users.merge(row.senderId(), new UserUpsert(row.senderId(), nonEmpty(row.senderName()), at),
            RowWriter::laterUser);
      }
      if (row.session().type() == dev.perocore.social.store.ChatType.GROUP) {
        groups.merge(row.session().peerId(), new GroupUpsert(row.session().peerId(), null, at),
            RowWriter::laterGroup);
      }
    }
    if (duplicates > 0) {
      metrics.duplicates.increment(duplicates);
    }
    if (inserts.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> sessions = new ArrayList<>(activity.size());
    activity.forEach((session, at) -> sessions.add(
        Tuple.of(session.selfId(), session.type().column(), session.peerId(), at)));
    int stored = inserts.size();
    return conn.preparedQuery(Sql.INSERT_MESSAGE).executeBatch(inserts)
        .compose(rs -> conn.preparedQuery(Sql.UPSERT_SESSION).executeBatch(sessions))
        .map(rs -> {
          metrics.rows("message").increment(stored);
          return null;
        });
  }

  private Future<Void> insertRequests(SqlConnection conn, List<Object> rows, List<Integer> slots,
      Object[] results) {
    Future<Void> chain = Future.succeededFuture();
    for (int slot : slots) {
      RequestRow row = (RequestRow) rows.get(slot);
      chain = chain.compose(v -> conn.preparedQuery(Sql.INSERT_REQUEST).execute(requestTuple(row))
          .map(rs -> {
            if (rs.rowCount() > 0) {
              results[slot] = AppendResult.STORED;
              metrics.rows("request").increment();
            } else {
              results[slot] = AppendResult.DUPLICATE;
              metrics.duplicates.increment();
            }
            return null;
          }));
    }
    return chain;
  }

  private Future<Void> upsertUsers(SqlConnection conn, java.util.Collection<UserUpsert> users) {
    if (users.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> tuples = new ArrayList<>(users.size());
    for (UserUpsert u : users) {
      tuples.add(Tuple.from(Arrays.asList(u.userId(), u.nickname(), u.seenAtMillis(),
          u.seenAtMillis())));
    }
    return conn.preparedQuery(Sql.UPSERT_USER).executeBatch(tuples).mapEmpty();
  }

  private Future<Void> upsertGroups(SqlConnection conn, java.util.Collection<GroupUpsert> groups) {
    if (groups.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> tuples = new ArrayList<>(groups.size());
    for (GroupUpsert g : groups) {
      tuples.add(Tuple.from(Arrays.asList(g.groupId(), g.name(), g.seenAtMillis(),
          g.seenAtMillis())));
    }
    return conn.preparedQuery(Sql.UPSERT_GROUP).executeBatch(tuples).mapEmpty();
  }

  static Tuple messageTuple(MessageRow row) {
    SessionRef s = row.session();
    return Tuple.from(Arrays.asList(s.selfId(), s.type().column(), s.peerId(), row.messageId(),
        row.status().column(), row.retcode(), row.senderId(), row.senderName(), row.contentCq(),
        row.contentJson(), row.eventTime().toEpochMilli(), row.receivedAt().toEpochMilli(),
        row.rawJson()));
  }

  private static Tuple noticeTuple(NoticeRow n) {
    return Tuple.from(Arrays.asList(n.selfId(), n.noticeType(), n.subType(), n.groupId(),
        n.userId(), n.operatorId(), n.detailJson(), n.eventTime().toEpochMilli(),
        n.receivedAt().toEpochMilli()));
  }

  private static Tuple requestTuple(RequestRow r) {
    return Tuple.from(Arrays.asList(r.selfId(), r.requestType(), r.subType(), r.userId(),
        r.groupId(), r.comment(), r.flag(), r.eventTime().toEpochMilli(),
        r.receivedAt().toEpochMilli()));
  }

  private static UserUpsert laterUser(UserUpsert a, UserUpsert b) {
    UserUpsert later = b.seenAtMillis() >= a.seenAtMillis() ? b : a;
    String name = later.nickname() != null ? later.nickname() : (later == a ? b : a).nickname();
    return new UserUpsert(later.userId(), name, later.seenAtMillis());
  }

  private static GroupUpsert laterGroup(GroupUpsert a, GroupUpsert b) {
    GroupUpsert later = b.seenAtMillis() >= a.seenAtMillis() ? b : a;
    String name = later.name() != null ? later.name() : (later == a ? b : a).name();
    return new GroupUpsert(later.groupId(), name, later.seenAtMillis());
  }

  private static String nonEmpty(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
