package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.Claim;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Claims and summaries: a summarizer claims a session's oldest unsummarized messages (claim_id
 * set, so no other claim takes them), then either stores a summary of them — marking them
 * summarized and moving the session's summary floor up — or releases them. Each step is one
 * operation on the {@link Writer}, waited for at most store.write_timeout. A stored summary
 * records who took part (schema version 11): the senders of the messages it summarised.
 */
final class Claims {

  /** Parameters: user ids (a JSON array), self id, summary id. */
  static final String INSERT_PARTICIPANTS = "INSERT OR IGNORE INTO summary_participants"
      + " (user_id, self_id, summary_id) SELECT value, ?, ? FROM json_each(?)";

  private final Writer writer;
  private final StoreMetrics metrics;
  private final AtomicLong claimIds = new AtomicLong();

  Claims(Writer writer, StoreMetrics metrics) {
    this.writer = writer;
    this.metrics = metrics;
  }

  Future<Claim> claim(ChatKey session, int limit) {
    long id = claimIds.incrementAndGet();
    return writer.submitTimed("store.claim", session.toString(), conn -> conn
        .preparedQuery(Sql.CLAIM)
        .execute(Tuple.of(id, session.selfId(), session.type().label(), session.peerId(),
            session.selfId(), session.type().label(), session.peerId(), limit))
        .map(rs -> {
          List<StoredMessage> claimed = RowMappers.all(rs, RowMappers::storedMessage);
          // RETURNING gives no order guarantee.
          claimed.sort((a, b) -> Long.compare(a.rowId(), b.rowId()));
          return new Claim(id, session, claimed);
        }));
  }

  Future<Void> release(Claim claim) {
    return writer.submitTimed("store.release", claim.session().toString(), conn -> conn
        .preparedQuery(Sql.RELEASE).execute(Tuple.of(claim.id())).mapEmpty());
  }

  Future<Long> storeSummary(Claim claim, String summary, List<String> keywords) {
    if (claim.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("an empty claim has no summary"));
    }
    ChatKey s = claim.session();
    List<StoredMessage> messages = claim.messages();
    Tuple insert = Tuple.of(s.selfId(), s.type().label(), s.peerId(), summary,
        new JsonArray(new ArrayList<>(keywords)).encode(), messages.get(0).rowId(),
        messages.get(messages.size() - 1).rowId(), messages.size(),
        System.currentTimeMillis());
    return writer.submitTimed("store.summary", s.toString(), conn -> conn
        .preparedQuery(Sql.INSERT_SUMMARY).execute(insert)
        .compose(rs -> conn.preparedQuery(Sql.MARK_SUMMARIZED).execute(Tuple.of(claim.id()))
            .map(marked -> {
              if (marked.rowCount() != messages.size()) {
                // Only a bug could do this (claims are exclusive); fail rather than store a lie.
                throw new IllegalStateException("claim " + claim.id() + " held "
                    + marked.rowCount() + " of its " + messages.size() + " messages");
              }
              return rs.iterator().next().getLong("id");  // INSERT_SUMMARY's RETURNING id
            }))
        .compose(summaryId -> conn.preparedQuery(INSERT_PARTICIPANTS)
            .execute(Tuple.of(s.selfId(), summaryId, participants(s, messages).encode()))
            .map(summaryId))
        .compose(summaryId -> conn.preparedQuery(Sql.ADVANCE_FLOOR).execute(sessionThrice(s))
            .map(advanced -> {
              metrics.rows("summary").increment();
              return summaryId;
            })));
  }

  /** The people whose messages the summary covers: received rows, not the bot, not system rows. */
  static JsonArray participants(ChatKey session, List<StoredMessage> messages) {
    Set<Long> users = new LinkedHashSet<>();
    for (StoredMessage message : messages) {
      MessageRow row = message.row();
      if (row.status() == MessageStatus.RECEIVED && row.senderId() > 0
          && row.senderId() != session.selfId()) {
        users.add(row.senderId());
      }
    }
    return new JsonArray(new ArrayList<>(users));
  }

  private static Tuple sessionThrice(ChatKey s) {
    Tuple tuple = Tuple.tuple();
    for (int i = 0; i < 3; i++) {
      tuple.addLong(s.selfId()).addString(s.type().label()).addLong(s.peerId());
    }
    return tuple;
  }
}
