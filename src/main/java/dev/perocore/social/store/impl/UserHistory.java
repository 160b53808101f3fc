package dev.perocore.social.store.impl;

import dev.perocore.social.store.HistoryDeletion;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes one user's history (an operator's privacy duty), as one writer operation in one
 * transaction: either all of it is gone or none. Summaries go first, because which group summaries
 * covered the user is only known while their messages still exist. Media go with the messages:
 * the links of the deleted messages' images (version 9) are deleted, and the files no remaining
 * link names are handed back for the caller to delete (the same bytes sent by someone else stay).
 *
 * <p>Messages by sender have no index (version 3 dropped it: it cost a third of a commit's pages),
 * so this scans the table once; an admin action, rare, and worth keeping every commit cheaper.
 */
final class UserHistory {

  /**
   * Private summaries of the user, group summaries whose range holds one of their messages, and
   * every summary recording them as a participant (version 11: found even after retention pruned
   * the messages). The summaries' participant rows go with them (a trigger).
   */
  static final String DELETE_SUMMARIES = "DELETE FROM summaries WHERE (chat_type = 'private'"
      + " AND peer_id = ?1) OR (chat_type = 'group' AND EXISTS (SELECT 1 FROM messages m"
      + " WHERE m.self_id = summaries.self_id AND m.chat_type = 'group'"
      + " AND m.peer_id = summaries.peer_id AND m.id BETWEEN summaries.first_row_id"
      + " AND summaries.last_row_id AND m.sender_id = ?1))"
      + " OR id IN (SELECT summary_id FROM summary_participants WHERE user_id = ?1)";

  /** What they wrote anywhere, and their private chats whole (our replies to them too). */
  static final String DELETE_MESSAGES = "DELETE FROM messages WHERE sender_id = ?1"
      + " OR (chat_type = 'private' AND peer_id = ?1)";

  /** The hashes of the images in what DELETE_MESSAGES deletes, before it runs. */
  static final String MEDIA_OF_USER = "SELECT DISTINCT mm.sha256 FROM message_media mm"
      + " WHERE mm.sender_id = ?1 OR (mm.chat_type = 'private' AND mm.peer_id = ?1)";

  static final String DELETE_MEDIA = "DELETE FROM message_media WHERE sender_id = ?1"
      + " OR (chat_type = 'private' AND peer_id = ?1)";

  static final String STILL_LINKED = "SELECT 1 FROM message_media WHERE sha256 = ? LIMIT 1";

  static final String DELETE_NOTICES = "DELETE FROM notices WHERE user_id = ?1";

  /** Open requests stay: they wait for the owner's decision, which deletes nothing. */
  static final List<String> DELETE_OTHER = List.of(
      "DELETE FROM users WHERE user_id = ?1",
      "DELETE FROM user_last_group WHERE user_id = ?1",
      "DELETE FROM sessions WHERE chat_type = 'private' AND peer_id = ?1",
      "DELETE FROM requests WHERE user_id = ?1 AND resolution IS NOT NULL");

  private UserHistory() {}

  static Future<HistoryDeletion> delete(SqlConnection conn, long userId) {
    Tuple id = Tuple.of(userId);
    return count(conn, DELETE_SUMMARIES, id)
        .compose(summaries -> count(conn, DELETE_MESSAGES, id)
            .compose(messages -> count(conn, DELETE_NOTICES, id)
                .compose(notices -> other(conn, id)
                    .compose(other -> media(conn, id)
                        .map(files -> new HistoryDeletion(userId, messages, summaries, notices,
                            other, files))))));
  }

  /** Deletes the user's image links; the hashes no other message still links. */
  private static Future<List<String>> media(SqlConnection conn, Tuple id) {
    return conn.preparedQuery(MEDIA_OF_USER).execute(id)
        .compose(rs -> {
          List<String> hashes = new ArrayList<>();
          rs.forEach(row -> hashes.add(row.getString(0)));
          return count(conn, DELETE_MEDIA, id).compose(n -> unlinked(conn, hashes));
        });
  }

  private static Future<List<String>> unlinked(SqlConnection conn, List<String> hashes) {
    List<String> orphans = new ArrayList<>();
    Future<Void> all = Future.succeededFuture();
    for (String hash : hashes) {
      all = all.compose(v -> conn.preparedQuery(STILL_LINKED).execute(Tuple.of(hash))
          .map(rs -> {
            if (rs.size() == 0) {
              orphans.add(hash);
            }
            return null;
          }));
    }
    return all.map(v -> orphans);
  }

  private static Future<Long> other(SqlConnection conn, Tuple id) {
    Future<Long> sum = Future.succeededFuture(0L);
    for (String sql : DELETE_OTHER) {
      sum = sum.compose(before -> count(conn, sql, id).map(n -> before + n));
    }
    return sum;
  }

  private static Future<Long> count(SqlConnection conn, String sql, Tuple args) {
    return conn.preparedQuery(sql).execute(args).map(rs -> (long) rs.rowCount());
  }
}
