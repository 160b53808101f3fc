package dev.perocore.social.session.impl;

import dev.perocore.social.brain.BrainClient;
import dev.perocore.social.brain.SummaryRequest;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.session.SessionKey;
import dev.perocore.social.store.Claim;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-term memory: summarizes the oldest {@code memory.summarize_after} unsummarized messages of
 * a session. The store's claim hands a range to exactly one summarizer (PeroCore could summarize
 * the same 30 messages twice from two flushes); a failed summary releases its claim so a later run
 * takes the same messages again.
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

  public Summarizer(Store store, BrainClient brain, TaskSet tasks, int batch,
      Duration storeTimeout) {
    this.store = store;
    this.brain = brain;
    this.tasks = tasks;
    this.batch = batch;
    this.storeTimeout = storeTimeout;
  }

  /**
   * Claims and summarizes one batch; completes with the number of messages summarized (0 when
   * fewer than a batch were free). Fails if the brain or the store failed, after releasing the
   * claim.
   */
  public Future<Integer> summarizeOnce(SessionKey key) {
    String detail = key.toString();
    return tasks.run(KIND_CLAIM, detail, storeTimeout, () -> store.claim(key.ref(), batch))
        .compose(claim -> {
          if (claim.messages().size() < batch) {
            return release(claim, detail).map(0);
          }
          return brain.summarize(new SummaryRequest(detail, ChatLines.of(claim.messages())))
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
