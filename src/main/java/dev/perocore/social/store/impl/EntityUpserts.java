package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.impl.CommittedFacts.Speaker;
import dev.perocore.social.store.impl.RowWriter.GroupUpsert;
import dev.perocore.social.store.impl.RowWriter.UserUpsert;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users, groups, session activity and each speaker's last group that one batch's stored
 * messages (and explicit user/group writes) imply, collapsed to one upsert per entity, then
 * written — except what {@link CommittedFacts} knows would change nothing (or a last-seen time by
 * less than its granularity). Typed binds on the writer connection's cached statements.
 *
 * <p>Blocking by design: only the writer's {@link ConnectionThread} uses it, through {@link
 * RowWriter}.
 */
final class EntityUpserts {

  /** The group a user last spoke in, for one bot (user_last_group). */
  private record LastGroup(long groupId, long seenAtMillis) {}

  private final Map<Long, UserUpsert> users = new LinkedHashMap<>();
  private final Map<Long, GroupUpsert> groups = new LinkedHashMap<>();
  private final Map<ChatKey, Long> activity = new LinkedHashMap<>();
  private final Map<Speaker, LastGroup> lastGroups = new LinkedHashMap<>();

  void user(UserUpsert user) {
    users.merge(user.userId(), user, EntityUpserts::laterUser);
  }

  void group(GroupUpsert group) {
    groups.merge(group.groupId(), group, EntityUpserts::laterGroup);
  }

  /** The session activity, user, group and last group a stored message implies. */
  void implied(MessageRow row) {
    long at = row.receivedAt().toEpochMilli();
    activity.merge(row.session(), at, Math::max);
    if (row.status() == MessageStatus.RECEIVED) {
      user(new UserUpsert(row.senderId(), nonEmpty(row.senderName()), at));
    }
    if (row.session().type() == ChatType.GROUP) {
      long groupId = row.session().peerId();
      group(new GroupUpsert(groupId, null, at));
      if (row.status() == MessageStatus.RECEIVED) {
        // Later in the batch = later message: it wins a tie in time.
        lastGroups.merge(new Speaker(row.session().selfId(), row.senderId()),
            new LastGroup(groupId, at), (old, next) -> next.seenAtMillis() >= old.seenAtMillis()
                ? next : old);
      }
    }
  }

  /** Writes what the facts do not already hold, in the order sessions, last groups, users, groups. */
  void write(Statements statements, CommittedFacts facts) throws SQLException {
    PreparedStatement session = statements.get(Sql.UPSERT_SESSION);
    int n = 0;
    for (Map.Entry<ChatKey, Long> e : activity.entrySet()) {
      ChatKey key = e.getKey();
      long at = e.getValue();
      if (facts.needSession(key, at)) {
        session.setLong(1, key.selfId());
        session.setString(2, key.type().label());
        session.setLong(3, key.peerId());
        session.setLong(4, at);
        session.addBatch();
        facts.wroteSession(key, at);
        n++;
      }
    }
    execute(session, n);
    writeLastGroups(statements.get(Sql.UPSERT_LAST_GROUP), facts);
    PreparedStatement user = statements.get(Sql.UPSERT_USER);
    n = 0;
    for (UserUpsert u : users.values()) {
      if (facts.needUser(u.userId(), u.nickname(), u.seenAtMillis())) {
        bindNamed(user, u.userId(), u.nickname(), u.seenAtMillis());
        facts.wroteUser(u.userId(), u.nickname(), u.seenAtMillis());
        n++;
      }
    }
    execute(user, n);
    PreparedStatement group = statements.get(Sql.UPSERT_GROUP);
    n = 0;
    for (GroupUpsert g : groups.values()) {
      if (facts.needGroup(g.groupId(), g.name(), g.seenAtMillis())) {
        bindNamed(group, g.groupId(), g.name(), g.seenAtMillis());
        facts.wroteGroup(g.groupId(), g.name(), g.seenAtMillis());
        n++;
      }
    }
    execute(group, n);
  }

  /** Update count 0 = a newer row was already there: the facts learn whether ours landed. */
  private void writeLastGroups(PreparedStatement upsert, CommittedFacts facts)
      throws SQLException {
    List<Map.Entry<Speaker, LastGroup>> written = new ArrayList<>();
    for (Map.Entry<Speaker, LastGroup> e : lastGroups.entrySet()) {
      Speaker s = e.getKey();
      LastGroup g = e.getValue();
      if (facts.needLastGroup(s, g.groupId(), g.seenAtMillis())) {
        upsert.setLong(1, s.selfId());
        upsert.setLong(2, s.userId());
        upsert.setLong(3, g.groupId());
        upsert.setLong(4, g.seenAtMillis());
        upsert.addBatch();
        written.add(e);
      }
    }
    if (written.isEmpty()) {
      return;
    }
    int[] counts = upsert.executeBatch();
    for (int i = 0; i < written.size(); i++) {
      Map.Entry<Speaker, LastGroup> e = written.get(i);
      facts.wroteLastGroup(e.getKey(), e.getValue().groupId(), e.getValue().seenAtMillis(),
          counts[i] > 0);
    }
  }

  private static void bindNamed(PreparedStatement upsert, long id, String name, long at)
      throws SQLException {
    upsert.setLong(1, id);
    if (name == null) {
      upsert.setNull(2, Types.VARCHAR);
    } else {
      upsert.setString(2, name);
    }
    upsert.setLong(3, at);
    upsert.setLong(4, at);
    upsert.addBatch();
  }

  private static void execute(PreparedStatement statement, int rows) throws SQLException {
    if (rows > 0) {
      statement.executeBatch();
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
