package dev.perocore.social.session;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.Claim;
import dev.perocore.social.store.MediaLink;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.PendingRequest;
import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.SessionActivity;
import dev.perocore.social.store.Store;
import dev.perocore.social.store.StoreStatus;
import dev.perocore.social.store.StoredMessage;
import dev.perocore.social.store.SummaryRow;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The real store, with a few switches for tests: reads that never complete (PeroCore's stuck
 * reads), and a record of who asked what from which thread.
 */
final class TestStore implements Store {

  private final Supplier<Store> real;
  volatile boolean stallRecent;
  /** When set, each message append starts this much later (a slow commit), on the caller's loop. */
  volatile io.vertx.core.Vertx delayAppendsOn;
  volatile long appendDelayMillis;
  final Set<Long> stallPrivateHistoryOf = ConcurrentHashMap.newKeySet();
  final List<Long> privateHistoryAsked = new CopyOnWriteArrayList<>();
  final Map<ChatKey, Set<String>> appendThreads = new ConcurrentHashMap<>();
  /** Message appends whose text contains a key are held until {@link #releaseAppend} of it. */
  final Set<String> holdAppendsContaining = ConcurrentHashMap.newKeySet();
  private final Map<String, Runnable> heldAppends = new ConcurrentHashMap<>();
  /**
   * The first message append whose text contains a key is refused as the real store refuses a
   * write once closed (nothing written; it never refuses an inbound row for its queue's length);
   * the key is then forgotten, so a resend goes through.
   */
  final Set<String> refuseOnceContaining = ConcurrentHashMap.newKeySet();
  final java.util.concurrent.atomic.AtomicInteger refused =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Consume writes asked for (each an UPDATE batch through the writer). */
  final java.util.concurrent.atomic.AtomicInteger consumeWrites =
      new java.util.concurrent.atomic.AtomicInteger();

  TestStore(Supplier<Store> real) {
    this.real = real;
  }

  /** Lets the held append of a message containing {@code text} go to the real store. */
  void releaseAppend(String text) {
    Runnable release = heldAppends.remove(text);
    if (release == null) {
      throw new AssertionError("no append held for " + text);
    }
    release.run();
  }

  boolean holdsAppend(String text) {
    return heldAppends.containsKey(text);
  }

  private static <T> Future<T> never() {
    return Promise.<T>promise().future();
  }

  @Override
  public Future<AppendResult> append(MessageRow row) {
    appendThreads.computeIfAbsent(row.session(), k -> ConcurrentHashMap.newKeySet())
        .add(Thread.currentThread().getName());
    for (String refuse : refuseOnceContaining) {
      if (row.contentCq().contains(refuse) && refuseOnceContaining.remove(refuse)) {
        refused.incrementAndGet();
        return Future.failedFuture(
            new dev.perocore.social.store.StoreClosedException("store closed: write refused"));
      }
    }
    for (String held : holdAppendsContaining) {
      if (row.contentCq().contains(held)) {
        // Released on the caller's context, so the result comes back on the shard's loop.
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        Promise<Void> gate = Promise.promise();
        heldAppends.put(held, () -> caller.runOnContext(v -> gate.complete()));
        return gate.future().compose(v -> real.get().append(row));
      }
    }
    if (delayAppendsOn != null && appendDelayMillis > 0) {
      // vertx.timer is bound to the caller's context: the result comes back on the shard's loop.
      return delayAppendsOn.timer(appendDelayMillis).compose(v -> real.get().append(row));
    }
    return real.get().append(row);
  }

  @Override
  public Future<AppendResult> append(NoticeRow row) {
    return real.get().append(row);
  }

  @Override
  public Future<AppendResult> append(RequestRow row) {
    return real.get().append(row);
  }

  @Override
  public Future<Boolean> resolveRequest(long selfId, String requestType, String flag,
      RequestResolution resolution, String note, Instant at) {
    return real.get().resolveRequest(selfId, requestType, flag, resolution, note, at);
  }

  @Override
  public Future<Void> upsertUser(long userId, String nickname, Instant seenAt) {
    return real.get().upsertUser(userId, nickname, seenAt);
  }

  @Override
  public Future<Void> upsertGroup(long groupId, String name, Instant seenAt) {
    return real.get().upsertGroup(groupId, name, seenAt);
  }

  @Override
  public Future<List<StoredMessage>> recent(ChatKey session, int limit) {
    return stallRecent ? never() : real.get().recent(session, limit);
  }

  @Override
  public Future<List<StoredMessage>> privateHistory(long selfId, long userId, int limit) {
    privateHistoryAsked.add(userId);
    return stallPrivateHistoryOf.contains(userId) ? never()
        : real.get().privateHistory(selfId, userId, limit);
  }

  @Override
  public Future<Optional<Long>> latestGroupOf(long selfId, long userId) {
    return real.get().latestGroupOf(selfId, userId);
  }

  @Override
  public Future<List<SessionActivity>> sessionsByActivity(long selfId, ChatType type, int limit) {
    return real.get().sessionsByActivity(selfId, type, limit);
  }

  @Override
  public Future<List<StoredMessage>> search(ChatKey session, String text, int limit) {
    return real.get().search(session, text, limit);
  }

  @Override
  public Future<Integer> countUnsummarized(ChatKey session) {
    return real.get().countUnsummarized(session);
  }

  @Override
  public Future<List<SummaryRow>> summaries(ChatKey session, int limit) {
    return real.get().summaries(session, limit);
  }

  @Override
  public Future<Void> linkMedia(ChatKey session, List<MediaLink> links) {
    return real.get().linkMedia(session, links);
  }

  @Override
  public Future<List<MediaLink>> media(ChatKey session, List<Long> messageIds) {
    return real.get().media(session, messageIds);
  }

  @Override
  public Future<List<NoticeRow>> notices(ChatKey session, int limit) {
    return real.get().notices(session, limit);
  }

  @Override
  public Future<List<SummaryRow>> recall(ChatKey session, String text, List<Long> participants,
      boolean groupsToo, int limit) {
    return real.get().recall(session, text, participants, groupsToo, limit);
  }

  @Override
  public Future<List<PendingRequest>> pendingRequests(long selfId, int limit) {
    return real.get().pendingRequests(selfId, limit);
  }

  @Override
  public Future<List<PendingRequest>> pendingRequests(int limit) {
    return real.get().pendingRequests(limit);
  }

  @Override
  public Future<Optional<dev.perocore.social.store.StoredRequest>> request(long rowId) {
    return real.get().request(rowId);
  }

  @Override
  public Future<Claim> claim(ChatKey session, int limit) {
    return real.get().claim(session, limit);
  }

  @Override
  public Future<Void> release(Claim claim) {
    return real.get().release(claim);
  }

  @Override
  public Future<Long> storeSummary(Claim claim, String summary, List<String> keywords) {
    return real.get().storeSummary(claim, summary, keywords);
  }

  @Override
  public Future<List<dev.perocore.social.store.Conversation>> conversations(String query,
      int limit) {
    return real.get().conversations(query, limit);
  }

  @Override
  public Future<List<StoredMessage>> before(ChatKey session, long beforeRowId, int limit) {
    return real.get().before(session, beforeRowId, limit);
  }

  @Override
  public Future<dev.perocore.social.store.HistoryDeletion> deleteUserHistory(long userId) {
    return real.get().deleteUserHistory(userId);
  }

  @Override
  public Future<Void> consume(ChatKey session, List<dev.perocore.social.store.MessageRef> messages) {
    consumeWrites.incrementAndGet();
    return real.get().consume(session, messages);
  }

  @Override
  public Future<Boolean> consumed(ChatKey session, dev.perocore.social.store.MessageRef message) {
    return real.get().consumed(session, message);
  }

  @Override
  public Future<List<StoredMessage>> unconsumed(Instant since, int limit) {
    return real.get().unconsumed(since, limit);
  }

  @Override
  public Future<Void> backup(Path target) {
    return real.get().backup(target);
  }

  @Override
  public Future<Long> housekeep() {
    return real.get().housekeep();
  }

  @Override
  public Future<Long> checkpoint(boolean truncate) {
    return real.get().checkpoint(truncate);
  }

  @Override
  public boolean isOpen() {
    return real.get().isOpen();
  }

  @Override
  public StoreStatus status() {
    return real.get().status();
  }
}
