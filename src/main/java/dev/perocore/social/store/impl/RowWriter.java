package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.impl.WriteItem.ConsumeWrite;
import dev.perocore.social.store.impl.WriteItem.GroupWrite;
import dev.perocore.social.store.impl.WriteItem.MessageWrite;
import dev.perocore.social.store.impl.WriteItem.NoticeWrite;
import dev.perocore.social.store.impl.WriteItem.RequestWrite;
import dev.perocore.social.store.impl.WriteItem.RowWrite;
import dev.perocore.social.store.impl.WriteItem.UserWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one group-commit batch of rows inside the caller's transaction, in plain JDBC on the
 * writer's own thread: messages in batches (the unique identity index turns a redelivery away;
 * the bot's own messages one by one, see {@link MessageIdentity}; rows sharing only an id are
 * stored and counted by one query after the inserts), notices as one batch (a duplicate is a row the unique identity index turned away, seen in its update count),
 * requests one by one (rare), then the users,
 * groups, session activity and each speaker's last group that the stored messages imply, each
 * collapsed to one upsert per entity.
 *
 * <p>Blocking by design: only the writer's {@link ConnectionThread} calls it, never an event loop.
 */
final class RowWriter {

  /** A user or group row to upsert; a message implies them too. */
  record UserUpsert(long userId, String nickname, long seenAtMillis) {}

  record GroupUpsert(long groupId, String name, long seenAtMillis) {}

  /** The group a user last spoke in, for one bot (user_last_group). */
  private record LastGroup(long groupId, long seenAtMillis) {}

  private record Speaker(long selfId, long userId) {}

  /** A row of the batch and its place in it (where its result goes). */
  private record Slot<R>(int index, R row) {}

  /**
   * What a batch wrote: results in batch order (an {@link AppendResult} for appends, null for
   * upserts), and how many stored messages share their id with another message of their chat.
   */
  record Written(List<AppendResult> results, int idCollisions) {}

  private RowWriter() {}

  /** Counts nothing: until the transaction commits, nothing here is stored. */
  static Written write(Connection conn, List<RowWrite> rows) throws SQLException {
    AppendResult[] results = new AppendResult[rows.size()];
    List<Slot<MessageRow>> messages = new ArrayList<>();
    List<Slot<NoticeRow>> notices = new ArrayList<>();
    List<Slot<RequestRow>> requests = new ArrayList<>();
    Map<Long, UserUpsert> users = new LinkedHashMap<>();
    Map<Long, GroupUpsert> groups = new LinkedHashMap<>();
    List<ConsumeWrite> consumed = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      RowWrite row = rows.get(i);
      // The permitted kinds of a sealed interface: no other can reach here.
      if (row instanceof MessageWrite m) {
        messages.add(new Slot<>(i, m.row()));
      } else if (row instanceof NoticeWrite n) {
        notices.add(new Slot<>(i, n.row()));
      } else if (row instanceof RequestWrite r) {
        requests.add(new Slot<>(i, r.row()));
      } else if (row instanceof UserWrite u) {
        users.merge(u.user().userId(), u.user(), RowWriter::laterUser);
      } else if (row instanceof GroupWrite g) {
        groups.merge(g.group().groupId(), g.group(), RowWriter::laterGroup);
      } else if (row instanceof ConsumeWrite c) {
        consumed.add(c);
      }
    }
    Map<ChatKey, Long> activity = new LinkedHashMap<>();
    Map<Speaker, LastGroup> lastGroups = new LinkedHashMap<>();
    int collisions = insertMessages(conn, messages, results, activity, users, groups, lastGroups);
    insertNotices(conn, notices, results);
    insertRequests(conn, requests, results);
    // After the inserts: a message appended in this very batch is marked too.
    ConsumeMarks.write(conn, consumed);
    upsert(conn, Sql.UPSERT_SESSION, activity.entrySet(), e -> new Object[] {
        e.getKey().selfId(), e.getKey().type().label(), e.getKey().peerId(), e.getValue()});
    upsert(conn, Sql.UPSERT_LAST_GROUP, lastGroups.entrySet(), e -> new Object[] {
        e.getKey().selfId(), e.getKey().userId(), e.getValue().groupId(),
        e.getValue().seenAtMillis()});
    upsert(conn, Sql.UPSERT_USER, users.values(), u -> new Object[] {
        u.userId(), u.nickname(), u.seenAtMillis(), u.seenAtMillis()});
    upsert(conn, Sql.UPSERT_GROUP, groups.values(), g -> new Object[] {
        g.groupId(), g.name(), g.seenAtMillis(), g.seenAtMillis()});
    return new Written(Arrays.asList(results), collisions);
  }

  private static int insertMessages(Connection conn, List<Slot<MessageRow>> slots,
      AppendResult[] results, Map<ChatKey, Long> activity, Map<Long, UserUpsert> users,
      Map<Long, GroupUpsert> groups, Map<Speaker, LastGroup> lastGroups) throws SQLException {
    if (slots.isEmpty()) {
      return 0;
    }
    long lastIdBefore = lastId(conn);
    try (MessageIdentity identity = new MessageIdentity(conn);
        PreparedStatement insert = conn.prepareStatement(Sql.INSERT_MESSAGE)) {
      int k = 0;
      while (k < slots.size()) {
        if (MessageIdentity.own(slots.get(k).row())) {
          // The bot's own message: matched against its send or echo within a tolerance, which
          // the unique index cannot say; one by one, so the look-up sees the rows before it.
          Slot<MessageRow> slot = slots.get(k++);
          boolean stored = !identity.ownDuplicate(slot.row()) && insertOne(insert, slot.row());
          results[slot.index()] = stored ? AppendResult.STORED : AppendResult.DUPLICATE;
          continue;
        }
        // A run of others' messages, as one JDBC batch in batch order: the unique index
        // messages_by_identity turns a redelivery away (update count 0), also within the run.
        int end = k;
        while (end < slots.size() && !MessageIdentity.own(slots.get(end).row())) {
          bind(insert, messageValues(slots.get(end++).row()));
          insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        for (int i = 0; i < counts.length; i++) {
          results[slots.get(k + i).index()] = counts[i] == 0 ? AppendResult.DUPLICATE
              : AppendResult.STORED;
        }
        k = end;
      }
    }
    boolean anyStored = false;
    for (Slot<MessageRow> slot : slots) {
      if (results[slot.index()] == AppendResult.STORED) {
        anyStored = true;
        implied(slot.row(), activity, users, groups, lastGroups);
      }
    }
    return anyStored ? collisionsSince(conn, lastIdBefore) : 0;
  }

  private static boolean insertOne(PreparedStatement insert, MessageRow row) throws SQLException {
    bind(insert, messageValues(row));
    return insert.executeUpdate() > 0;
  }

  private static long lastId(Connection conn) throws SQLException {
    try (PreparedStatement last = conn.prepareStatement(Sql.LAST_MESSAGE_ID);
        ResultSet rs = last.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Rows stored after {@code lastId} that share their chat and id with an earlier row. */
  private static int collisionsSince(Connection conn, long lastId) throws SQLException {
    try (PreparedStatement count = conn.prepareStatement(Sql.COUNT_ID_COLLISIONS)) {
      count.setLong(1, lastId);
      try (ResultSet rs = count.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** The session activity, user, group and last group a stored message implies. */
  private static void implied(MessageRow row, Map<ChatKey, Long> activity,
      Map<Long, UserUpsert> users, Map<Long, GroupUpsert> groups,
      Map<Speaker, LastGroup> lastGroups) {
    long at = row.receivedAt().toEpochMilli();
    activity.merge(row.session(), at, Math::max);
    if (row.status() == MessageStatus.RECEIVED) {
      users.merge(row.senderId(), new UserUpsert(row.senderId(), nonEmpty(row.senderName()), at),
          RowWriter::laterUser);
    }
    if (row.session().type() == ChatType.GROUP) {
      long groupId = row.session().peerId();
      groups.merge(groupId, new GroupUpsert(groupId, null, at), RowWriter::laterGroup);
      if (row.status() == MessageStatus.RECEIVED) {
        // Later in the batch = later message: it wins a tie in time.
        lastGroups.merge(new Speaker(row.session().selfId(), row.senderId()),
            new LastGroup(groupId, at), (old, next) -> next.seenAtMillis() >= old.seenAtMillis()
                ? next : old);
      }
    }
  }

  private static void insertNotices(Connection conn, List<Slot<NoticeRow>> slots,
      AppendResult[] results) throws SQLException {
    if (slots.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = conn.prepareStatement(Sql.INSERT_NOTICE)) {
      for (Slot<NoticeRow> slot : slots) {
        NoticeRow n = slot.row();
        bind(insert, n.selfId(), n.noticeType(), n.subType(), n.groupId(), n.userId(),
            n.operatorId(), n.detailJson(), n.eventTime().toEpochMilli(),
            n.receivedAt().toEpochMilli());
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      for (int k = 0; k < slots.size(); k++) {
        // 0 changes: notices_by_identity already holds this notice (NapCat reported it twice,
        // maybe within this very batch).
        results[slots.get(k).index()] = counts[k] == 0 ? AppendResult.DUPLICATE
            : AppendResult.STORED;
      }
    }
  }

  private static void insertRequests(Connection conn, List<Slot<RequestRow>> slots,
      AppendResult[] results) throws SQLException {
    if (slots.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = conn.prepareStatement(Sql.INSERT_REQUEST)) {
      for (Slot<RequestRow> slot : slots) {
        RequestRow r = slot.row();
        bind(insert, r.selfId(), r.requestType(), r.subType(), r.userId(), r.groupId(),
            r.comment(), r.flag(), r.eventTime().toEpochMilli(), r.receivedAt().toEpochMilli());
        results[slot.index()] = insert.executeUpdate() > 0 ? AppendResult.STORED
            : AppendResult.DUPLICATE;
      }
    }
  }

  private static <T> void upsert(Connection conn, String sql, java.util.Collection<T> items,
      java.util.function.Function<T, Object[]> values) throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert = conn.prepareStatement(sql)) {
      for (T item : items) {
        bind(upsert, values.apply(item));
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /** The values of {@link Sql#INSERT_MESSAGE}, in its column order. */
  static Object[] messageValues(MessageRow row) {
    ChatKey s = row.session();
    return new Object[] {s.selfId(), s.type().label(), s.peerId(), row.messageId(),
        row.status().column(), row.retcode(), row.senderId(), row.senderName(), row.contentCq(),
        row.contentJson(), row.eventTime().toEpochMilli(), row.receivedAt().toEpochMilli(),
        row.rawJson(), row.origin().column()};
  }

  static void bind(PreparedStatement statement, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      statement.setObject(i + 1, values[i]);
    }
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
