package dev.perocore.social.store.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether write transactions are committing, as the meters, readiness and the log see it. An
 * episode starts with the first failed transaction and ends with the next one that commits. While
 * it lasts {@code social_store_commits_failing} is 1 and readiness is down with the reason; each
 * failed attempt is counted by reason. An episode of the store's own trouble (busy, full, io) that
 * outlasts store.write_timeout is said once, in one line naming the cause and what to do; its end
 * in one more. After an episode of full or io the WAL is checkpointed and truncated (the
 * {@code recovered} hook), so the room just freed is used instead of filling up again.
 *
 * <p>Updated on the store's context only; {@link #trouble()} may be read from any thread.
 */
final class CommitHealth {

  private static final Logger LOG = LoggerFactory.getLogger(CommitHealth.class);

  /** Why commits fail now, for readiness: the latest failure and when the episode began. */
  record Trouble(CommitFailure reason, String cause, long sinceMillis) {

    /** One line for readiness and the status. */
    String describe() {
      return "commits failing (" + reason.label() + ") since "
          + Instant.ofEpochMilli(sinceMillis) + ": " + reason.description() + "; "
          + reason.advice() + "; writes are kept and retried";
    }
  }

  private final StoreMetrics metrics;
  private final Duration writeTimeout;
  private final Runnable recovered;
  private volatile Trouble trouble;

  // Confined to the store's context.
  private long episodeNanos;
  private long failedAttempts;
  private boolean reported;
  private final Set<CommitFailure> seen = EnumSet.noneOf(CommitFailure.class);

  /** @param recovered run when an episode that saw full or io ends (checkpoint and truncate) */
  CommitHealth(StoreMetrics metrics, Duration writeTimeout, Runnable recovered) {
    this.metrics = metrics;
    this.writeTimeout = writeTimeout;
    this.recovered = recovered;
  }

  /** Null while commits succeed. */
  Trouble trouble() {
    return trouble;
  }

  /**
   * A write transaction failed.
   *
   * @param kept the writes now waiting for the database (the failed batch and the queue)
   */
  void failed(CommitFailure reason, Throwable cause, int kept) {
    metrics.commitFailures(reason).increment();
    metrics.commitsFailing.set(1);
    long now = System.nanoTime();
    if (trouble == null) {
      episodeNanos = now;
      failedAttempts = 0;
      reported = false;
      seen.clear();
    }
    failedAttempts++;
    seen.add(reason);
    long since = trouble == null ? System.currentTimeMillis() : trouble.sinceMillis();
    trouble = new Trouble(reason, oneLine(cause), since);
    long failingMillis = Duration.ofNanos(now - episodeNanos).toMillis();
    if (!reported && reason.retried() && failingMillis >= writeTimeout.toMillis()) {
      reported = true;
      LOG.error("store: writes have failed for {} ms (past store.write_timeout, {} ms): {}; {};"
          + " {} write(s) are kept and retried until the database takes them, nothing is"
          + " dropped; readiness is down meanwhile. Last error: {}", failingMillis,
          writeTimeout.toMillis(), reason.description(), reason.advice(), kept, oneLine(cause));
    }
  }

  /** A write transaction committed: ends an episode, if one is running. */
  void succeeded() {
    if (trouble == null) {
      return;
    }
    metrics.commitsFailing.set(0);
    trouble = null;
    if (reported) {
      LOG.info("store: writes commit again after {} ms and {} failed attempt(s); readiness is up",
          Duration.ofNanos(System.nanoTime() - episodeNanos).toMillis(), failedAttempts);
    }
    if (seen.contains(CommitFailure.FULL) || seen.contains(CommitFailure.IO)) {
      recovered.run();
    }
  }

  private static String oneLine(Throwable cause) {
    String text = String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause);
    return text.replaceAll("\\s+", " ").trim();
  }
}
