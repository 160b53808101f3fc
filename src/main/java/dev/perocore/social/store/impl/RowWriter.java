package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.impl.WriteItem.ConsumeWrite;
import dev.perocore.social.store.impl.WriteItem.GroupWrite;
import dev.perocore.social.store.impl.WriteItem.MessageWrite;
import dev.perocore.social.store.impl.WriteItem.NoticeWrite;
import dev.perocore.social.store.impl.WriteItem.RequestWrite;
import dev.perocore.social.store.impl.WriteItem.RowWrite;
import dev.perocore.social.store.impl.WriteItem.UserWrite;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes one group-commit batch of rows inside the caller's transaction, in plain JDBC on the
 * writer's own thread: messages in batches (the unique identity index turns a redelivery away;
 * the bot's own messages one by one, see {@link MessageIdentity}; rows sharing only an id are
 * stored and counted by one query after the inserts), notices as one batch (a duplicate is a row the unique identity index turned away, seen in its update count),
 * requests one by one (rare), then the users,
 * groups, session activity and each speaker's last group that the stored messages imply, each
 * collapsed to one upsert per entity ({@link EntityUpserts}) and skipped where the last
 * committed state already holds it ({@link CommittedFacts}).
 *
 * <p>One per writer: it keeps those facts across batches, told by the {@link ConnectionThread}
 * whether each batch committed or rolled back. Statements are the connection's kept ones,
 * bound with typed setters.
 *
 * <p>Blocking by design: only the writer's {@link ConnectionThread} calls it, never an event loop.
 */
final class RowWriter implements ConnectionThread.Outcome {

  /** A user or group row to upsert; a message implies them too. */
  record UserUpsert(long userId, String nickname, long seenAtMillis) {}

  record GroupUpsert(long groupId, String name, long seenAtMillis) {}

  /** A row of the batch and its place in it (where its result goes). */
  private record Slot<R>(int index, R row) {}

  /**
   * What a batch wrote: results in batch order (an {@link AppendResult} for appends, null for
   * upserts), and how many stored messages share their id with another message of their chat.
   */
  record Written(List<AppendResult> results, int idCollisions) {}

  private final CommittedFacts facts = new CommittedFacts();

  /** The facts, e.g. to {@link CommittedFacts#forget()} them after another write. */
  CommittedFacts facts() {
    return facts;
  }

  @Override
  public void committed() {
    facts.committed();
  }

  @Override
  public void rolledBack() {
    facts.rolledBack();
  }

  /** Counts nothing: until the transaction commits, nothing here is stored. */
  Written write(Statements statements, List<RowWrite> rows) throws SQLException {
    facts.beginBatch();
    AppendResult[] results = new AppendResult[rows.size()];
    List<Slot<MessageRow>> messages = new ArrayList<>();
    List<Slot<NoticeRow>> notices = new ArrayList<>();
    List<Slot<RequestRow>> requests = new ArrayList<>();
    EntityUpserts upserts = new EntityUpserts();
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
        upserts.user(u.user());
      } else if (row instanceof GroupWrite g) {
        upserts.group(g.group());
      } else if (row instanceof ConsumeWrite c) {
        consumed.add(c);
      }
    }
    int collisions = insertMessages(statements, messages, results, upserts);
    insertNotices(statements, notices, results);
    insertRequests(statements, requests, results);
    // After the inserts: a message appended in this very batch is marked too.
    ConsumeMarks.write(statements, consumed);
    upserts.write(statements, facts);
    return new Written(Arrays.asList(results), collisions);
  }

  private static int insertMessages(Statements statements, List<Slot<MessageRow>> slots,
      AppendResult[] results, EntityUpserts upserts) throws SQLException {
    if (slots.isEmpty()) {
      return 0;
    }
    long lastIdBefore = lastId(statements);
    MessageIdentity identity = new MessageIdentity(statements);
    PreparedStatement insert = statements.get(Sql.INSERT_MESSAGE);
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
        bindMessage(insert, slots.get(end++).row());
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        results[slots.get(k + i).index()] = counts[i] == 0 ? AppendResult.DUPLICATE
            : AppendResult.STORED;
      }
      k = end;
    }
    boolean anyStored = false;
    for (Slot<MessageRow> slot : slots) {
      if (results[slot.index()] == AppendResult.STORED) {
        anyStored = true;
        upserts.implied(slot.row());
      }
    }
    return anyStored ? collisionsSince(statements, lastIdBefore) : 0;
  }

  private static boolean insertOne(PreparedStatement insert, MessageRow row) throws SQLException {
    bindMessage(insert, row);
    return insert.executeUpdate() > 0;
  }

  private static long lastId(Statements statements) throws SQLException {
    try (ResultSet rs = statements.get(Sql.LAST_MESSAGE_ID).executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Rows stored after {@code lastId} that share their chat and id with an earlier row. */
  private static int collisionsSince(Statements statements, long lastId) throws SQLException {
    PreparedStatement count = statements.get(Sql.COUNT_ID_COLLISIONS);
    count.setLong(1, lastId);
    try (ResultSet rs = count.executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static void insertNotices(Statements statements, List<Slot<NoticeRow>> slots,
      AppendResult[] results) throws SQLException {
    if (slots.isEmpty()) {
      return;
    }
    PreparedStatement insert = statements.get(Sql.INSERT_NOTICE);
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

  private static void insertRequests(Statements statements, List<Slot<RequestRow>> slots,
      AppendResult[] results) throws SQLException {
    if (slots.isEmpty()) {
      return;
    }
    PreparedStatement insert = statements.get(Sql.INSERT_REQUEST);
    for (Slot<RequestRow> slot : slots) {
      RequestRow r = slot.row();
      bind(insert, r.selfId(), r.requestType(), r.subType(), r.userId(), r.groupId(),
          r.comment(), r.flag(), r.eventTime().toEpochMilli(), r.receivedAt().toEpochMilli());
      results[slot.index()] = insert.executeUpdate() > 0 ? AppendResult.STORED
          : AppendResult.DUPLICATE;
    }
  }

  /** Binds {@link Sql#INSERT_MESSAGE}'s parameters, in its column order, without boxing. */
  static void bindMessage(PreparedStatement insert, MessageRow row) throws SQLException {
    ChatKey s = row.session();
    insert.setLong(1, s.selfId());
    insert.setString(2, s.type().label());
    insert.setLong(3, s.peerId());
    if (row.messageId() == null) {
      insert.setNull(4, Types.INTEGER);
    } else {
      insert.setLong(4, row.messageId());
    }
    insert.setString(5, row.status().column());
    if (row.retcode() == null) {
      insert.setNull(6, Types.INTEGER);
    } else {
      insert.setInt(6, row.retcode());
    }
    insert.setLong(7, row.senderId());
    setText(insert, 8, row.senderName());
    setText(insert, 9, row.contentCq());
    setText(insert, 10, row.contentJson());
    insert.setLong(11, row.eventTime().toEpochMilli());
    insert.setLong(12, row.receivedAt().toEpochMilli());
    if (row.rawJson() == null) {
      insert.setNull(13, Types.VARCHAR);
    } else {
      insert.setBytes(13, row.rawJson().bytes()); // bound as bytes, stored as TEXT (Sql)
    }
    insert.setString(14, row.origin().column());
    if (row.consumedAt() == null) {
      insert.setNull(15, Types.INTEGER);
    } else {
      insert.setLong(15, row.consumedAt().toEpochMilli());
    }
  }

  private static void setText(PreparedStatement statement, int index, String text)
      throws SQLException {
    if (text == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, text);
    }
  }

  /** Rare rows (notices, requests, consume marks): values of any type, boxed. */
  static void bind(PreparedStatement statement, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      statement.setObject(i + 1, values[i]);
    }
  }
}
