package dev.perocore.social.session.impl;

import dev.perocore.social.brain.BotIdentity;
import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.SummaryRequest;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.store.Claim;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-term memory: summarizes the oldest {@code memory.summarize_after} unsummarized messages of
 * a session. The store's claim hands a range to exactly one summarizer (PeroCore could summarize
 * the same 30 messages twice from two flushes); a failed summary releases its claim so a later run
 * takes the same messages again.
 *
 * <p>The trigger lives here too ({@link #messageStored}): a shard counts each stored message, and
 * once {@code summarize_after} are waiting runs one summary (a {@link Shard#KIND_SUMMARY} task), at
 * most one at a time per session.
 */
public final class Summarizer {

  public static final String KIND_CLAIM = "session.summary.claim";
  public static final String KIND_STORE = "session.summary.store";
  public static final String KIND_RELEASE = "session.summary.release";

  private static final Logger LOG = LoggerFactory.getLogger(Summarizer.class);

  private final Store store;
  private final BrainClient brain;
  private final TaskSet tasks;
  private final int batch;
  private final Duration storeTimeout;
  /** {@code summarize_after}: 0 = the trigger never fires (summarizeOnce still works). */
  private final int after;
  private final BooleanSupplier enabled;
  private final Duration deadline;
  private final Function<ChatKey, SessionState> sessions;
  /** The bot's name by self_id ({@code session.bots.<id>.name}), stated in the summary prompt. */
  private final LongFunction<String> botNames;

  /** A summarizer without a trigger: only {@link #summarizeOnce} runs summaries. */
  public Summarizer(Store store, BrainClient brain, TaskSet tasks, int batch,
      Duration storeTimeout) {
    this.store = store;
    this.brain = brain;
    this.tasks = tasks;
    this.batch = batch;
    this.storeTimeout = storeTimeout;
    this.after = 0;
    this.enabled = () -> false;
    this.deadline = storeTimeout;
    this.sessions = key -> null;
    this.botNames = selfId -> "";
  }

  /**
   * A shard's summarizer, triggered by {@link #messageStored}.
   *
   * @param after {@code summarize_after}; 0 = never
   * @param enabled false when no brain can summarize ({@code brain.kind none})
   * @param deadline the summary task's deadline
   * @param sessions the shard's sessions, to clear a session's summarizing flag when it ends
   * @param botNames the bot's name by self_id, for the summary prompt
   */
  Summarizer(Store store, BrainClient brain, TaskSet tasks, int after, Duration storeTimeout,
      BooleanSupplier enabled, Duration deadline, Function<ChatKey, SessionState> sessions,
      LongFunction<String> botNames) {
    this.store = store;
    this.brain = brain;
    this.tasks = tasks;
    this.batch = Math.max(1, after);
    this.storeTimeout = storeTimeout;
    this.after = after;
    this.enabled = enabled;
    this.deadline = deadline;
    this.sessions = sessions;
    this.botNames = botNames;
  }

  /**
   * Counts a stored message of the session toward its next summary, and starts that summary when
   * {@code summarize_after} messages are waiting and none is running for the session.
   */
  void messageStored(SessionState s) {
    if (after == 0 || !enabled.getAsBoolean()) {
      return; // counted only where a summary can follow: the count lives in the ReplyState
    }
    ReplyState r = s.reply();
    r.unsummarized++;
    if (r.summarizing || r.unsummarized < after) {
      return;
    }
    r.summarizing = true;
    r.unsummarized = 0;
    ChatKey key = s.key;
    tasks.run(Shard.KIND_SUMMARY, key.toString(), deadline, () -> summarizeOnce(key))
        .onComplete(ar -> {
          SessionState current = sessions.apply(key);
          if (current != null) {
            current.reply().summarizing = false;
          }
        });
  }

  /**
   * Claims and summarizes one batch; completes with the number of messages summarized (0 when
   * fewer than a batch were free). Fails if the brain or the store failed, after releasing the
   * claim.
   */
  public Future<Integer> summarizeOnce(ChatKey key) {
    String detail = key.toString();
    return tasks.run(KIND_CLAIM, detail, storeTimeout, () -> store.claim(key, batch))
        .compose(claim -> {
          if (claim.messages().size() < batch) {
            return release(claim, detail).map(0);
          }
          BotIdentity bot = new BotIdentity(key.selfId(), botNames.apply(key.selfId()));
          return brain.summarize(new SummaryRequest(detail, ChatLines.of(claim.messages()), bot))
              .compose(summary -> tasks.run(KIND_STORE, detail, storeTimeout,
                  () -> store.storeSummary(claim, summary.summary(), summary.keywords())))
              .map(id -> {
                LOG.debug("summary {} of {}: {} message(s)", id, detail, claim.messages().size());
                return claim.messages().size();
              })
              .recover(cause -> release(claim, detail).transform(ignored ->
                  Future.<Integer>failedFuture(cause)));
        });
  }

  private Future<Void> release(Claim claim, String detail) {
    if (claim.isEmpty()) {
      return Future.succeededFuture();
    }
    return tasks.run(KIND_RELEASE, detail, storeTimeout, () -> store.release(claim));
  }
}
