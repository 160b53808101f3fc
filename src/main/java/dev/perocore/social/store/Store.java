package dev.perocore.social.store;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The conversation store. Every method may be called from any thread or context; futures complete
 * on the caller's context. No method blocks: JDBC runs on worker threads.
 *
 * <p>Writes are queued and committed in groups by one writer (one connection, IMMEDIATE
 * transactions); their futures complete when the transaction has committed. Reads use a separate
 * reader pool and each has a named deadline ({@code store.read.<query>}).
 */
public interface Store {

  // ---- writes (group commit) ----

  /** Stores a message; completes on commit, {@link AppendResult#DUPLICATE} for a repeated event. */
  Future<AppendResult> append(MessageRow row);

  Future<AppendResult> append(NoticeRow row);

  /** Stores a request; a repeated flag is a {@link AppendResult#DUPLICATE}. */
  Future<AppendResult> append(RequestRow row);

  /**
   * Records how the open request with {@code flag} ended; false if no such request is stored, or
   * its resolution already is (a recorded decision is never overwritten).
   */
  Future<Boolean> resolveRequest(long selfId, String requestType, String flag,
      RequestResolution resolution, String note, Instant at);

  /** Writes a user's name and last-seen time (messages do this for their sender by themselves). */
  Future<Void> upsertUser(long userId, String nickname, Instant seenAt);

  /** Writes a group's name and last-seen time (group messages update last seen by themselves). */
  Future<Void> upsertGroup(long groupId, String name, Instant seenAt);

  // ---- reads ----

  /** The newest {@code limit} messages of a session, returned oldest first. */
  Future<List<StoredMessage>> recent(ChatKey session, int limit);

  /** The newest {@code limit} messages of the private chat of {@code userId} with one bot, oldest first. */
  Future<List<StoredMessage>> privateHistory(long selfId, long userId, int limit);

  /** The group where {@code userId} last spoke (to this bot's groups), if any. */
  Future<Optional<Long>> latestGroupOf(long selfId, long userId);

  /** The newest {@code limit} notices of a chat (recalls, mutes, joins, leaves...), oldest first. */
  Future<List<NoticeRow>> notices(ChatKey session, int limit);

  /** The bot's sessions of one type, most recently active first. */
  Future<List<SessionActivity>> sessionsByActivity(long selfId, ChatType type, int limit);

  /** Messages of one session whose CQ content contains {@code text}, newest first. */
  Future<List<StoredMessage>> search(ChatKey session, String text, int limit);

  /** How many messages of the session no summary covers and no claim holds. */
  Future<Integer> countUnsummarized(ChatKey session);

  /** The newest summaries of a session, oldest first. */
  Future<List<SummaryRow>> summaries(ChatKey session, int limit);

  /**
   * Up to {@code limit} summaries to recall for a flush of {@code session}, oldest first: the
   * session's newest, those whose keywords occur in {@code text} or whose text or keywords share
   * words with it (SQLite FTS5), and summaries of other group chats in which one of {@code
   * participants} (the users now speaking) took part. Only the session's own summaries and group
   * summaries — the latter into a private chat only with {@code groupsToo}, and only those the
   * private chat's user took part in: a private chat's summary is never recalled into another
   * chat.
   */
  Future<List<SummaryRow>> recall(ChatKey session, String text, List<Long> participants,
      boolean groupsToo, int limit);

  /** Requests without a resolution, oldest first. */
  Future<List<PendingRequest>> pendingRequests(long selfId, int limit);

  /** Requests without a resolution of every bot, by bot then oldest first (admin listing). */
  Future<List<PendingRequest>> pendingRequests(int limit);

  /** One request by its store id, open or resolved; empty if there is no such id. */
  Future<Optional<StoredRequest>> request(long rowId);

  // ---- exactly-once summarization ----

  /**
   * Claims the oldest {@code limit} unsummarized, unclaimed messages of a session. Two claims
   * never share a message. Runs on the writer.
   */
  Future<Claim> claim(ChatKey session, int limit);

  /** Gives the claimed messages back (the summary failed), so a later claim can take them. */
  Future<Void> release(Claim claim);

  /**
   * Stores the summary of a claim and marks its messages summarized, in one transaction.
   * Completes with the summary's id.
   */
  Future<Long> storeSummary(Claim claim, String summary, List<String> keywords);

  // ---- answered exactly once (issue 13) ----

  /**
   * Records that a reply (or a pass) consumed these received messages of a session: a restart does
   * not answer them again, nor does a redelivery. Queued on the writer behind the rows appended
   * before it, so a message whose append is still queued is marked too; completes on commit.
   */
  Future<Void> consume(ChatKey session, List<MessageRef> messages);

  /** Whether a stored received message was consumed; false if it is not stored. */
  Future<Boolean> consumed(ChatKey session, MessageRef message);

  /**
   * Received messages of every chat, not the bots' own, that no reply or pass consumed and whose
   * event time is at or after {@code since}: what a restart may owe an answer. Oldest first, at
   * most {@code limit}.
   */
  Future<List<StoredMessage>> unconsumed(Instant since, int limit);

  // ---- admin ----

  /**
   * Stored conversations, most recently active first, whose peer id, user nickname or group name
   * contains {@code query} (every conversation for an empty query).
   */
  Future<List<Conversation>> conversations(String query, int limit);

  /** The {@code limit} messages of a session stored before row {@code beforeRowId}, oldest first. */
  Future<List<StoredMessage>> before(ChatKey session, long beforeRowId, int limit);

  /**
   * Deletes one user's history in one transaction: their messages everywhere, their private chats
   * whole (our replies too), the summaries that cover any of it or record them as a participant,
   * notices naming them, their nickname and activity rows. Media are stored only inside
   * messages, so they go with them.
   */
  Future<HistoryDeletion> deleteUserHistory(long userId);

  /** Writes a consistent copy of the database to {@code target} (VACUUM INTO); it must not exist. */
  Future<Void> backup(Path target);

  /** Runs retention and raw pruning now; completes with the rows deleted or pruned. */
  Future<Long> housekeep();

  /** Checkpoints the WAL now (TRUNCATE if {@code truncate}); completes with the WAL size after. */
  Future<Long> checkpoint(boolean truncate);

  /** Whether the store is open and takes writes: the readiness signal. */
  boolean isOpen();

  StoreStatus status();

  /**
   * Links a message's received images to their cached files (schema version 9). Stores that keep
   * no media (test doubles) accept and forget.
   */
  default Future<Void> linkMedia(ChatKey session, List<MediaLink> links) {
    return Future.succeededFuture();
  }

  /** The images linked to these messages of the session, by message id; in message and seq order. */
  default Future<List<MediaLink>> media(ChatKey session, List<Long> messageIds) {
    return Future.succeededFuture(List.of());
  }
}
