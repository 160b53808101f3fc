package dev.perocore.social.guard;

import io.vertx.core.AsyncResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * How a {@link TaskSet}'s tasks are counted and said: each outcome in {@code
 * social_tasks_total{kind,outcome}}, a failure or timeout as one rate-limited WARN with the task's
 * kind and detail in the MDC (DEBUG for kinds whose owner explains them), a stall and an
 * abandonment once each (stalls of a kind at most one line per 10 s; a drain names the oldest of
 * each kind). Logs under {@code TaskSet}'s category, where operators look for them.
 */
final class TaskReports {

  private static final Logger LOG = LoggerFactory.getLogger(TaskSet.class);

  private final String owner;
  private final TaskMetrics metrics;
  private final Duration stallAfter;
  private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(1));
  /**
   * Stalls and late ends, per kind and at most one line each per 10 s: a database
   * locked for a minute stalls every append queued meanwhile, a thousand at 300 msgs/s, and one
   * line per task drowned the line that said why (issue 14: one line per episode). The counts
   * stay exact in social_tasks_stalled and social_tasks_total.
   */
  private final RateLimitedLog stalls = new RateLimitedLog(LOG, Duration.ofSeconds(10));
  /** Kinds whose failures their owner explains in a line of its own. */
  private final Set<String> explained = ConcurrentHashMap.newKeySet();

  TaskReports(String owner, TaskMetrics metrics, Duration stallAfter) {
    this.owner = owner;
    this.metrics = metrics;
    this.stallAfter = stallAfter;
  }

  void explainedByOwner(String... kinds) {
    explained.addAll(List.of(kinds));
  }

  /** The named deadline fired while the work still runs: counted now, the task stays tracked. */
  void timedOut(TrackedTask task, Duration limit) {
    task.timedOut = true;
    metrics.count(task.kind, TaskOutcome.TIMEOUT);
    if (explained.contains(task.kind)) {
      LOG.debug("{}: task {} [{}] timed out after {} ms; it stays tracked until it ends",
          owner, task.kind, task.detail, limit.toMillis());
      return;
    }
    try (TaskMdc mdc = TaskMdc.of(task.kind, task.detail)) {
      failures.warn(task.kind + ":timeout", "{}: task {} [{}] timed out after {} ms; it stays"
          + " tracked until it ends", owner, task.kind, task.detail, limit.toMillis());
    }
  }

  /** The task ended while still tracked: its outcome, unless its deadline already counted one. */
  void ended(TrackedTask task, AsyncResult<?> result) {
    // A success that never stalled logs nothing: no MDC work on the hot path.
    boolean quiet = result.succeeded() && !task.stalledReported;
    try (TaskMdc mdc = quiet ? null : TaskMdc.of(task.kind, task.detail)) {
      if (task.stalledReported) {
        String format = "{}: stalled task {} [{}] ended after {} ms";
        Object[] args = {owner, task.kind, task.detail, task.ageMillis(System.nanoTime())};
        if (metrics.stalled(task.kind).decrementAndGet() == 0) {
          // The episode's last: said at once, with the count of those held back.
          stalls.always(Level.INFO, task.kind + ":stall-ended", format + "; none stalled now",
              args);
        } else {
          stalls.info(task.kind + ":stall-ended", format, args);
        }
      }
      if (task.timedOut) {
        LOG.debug("{}: task {} [{}] ended after its deadline", owner, task.kind, task.detail);
      } else if (result.succeeded()) {
        metrics.count(task.kind, TaskOutcome.SUCCESS);
      } else if (explained.contains(task.kind)) {
        metrics.count(task.kind, result.cause() instanceof OperationTimeoutException
            ? TaskOutcome.TIMEOUT : TaskOutcome.FAILURE);
        LOG.debug("{}: task {} [{}] failed: {}", owner, task.kind, task.detail,
            String.valueOf(result.cause()));
      } else if (result.cause() instanceof OperationTimeoutException timeout) {
        metrics.count(task.kind, TaskOutcome.TIMEOUT);
        failures.warn(task.kind + ":timeout", "{}: task {} [{}] failed: {}", owner, task.kind,
            task.detail, timeout.getMessage());
      } else {
        metrics.count(task.kind, TaskOutcome.FAILURE);
        failures.warn(task.kind + ":failure", "{}: task {} [{}] failed: {}", owner, task.kind,
            task.detail, String.valueOf(result.cause()));
      }
    }
  }

  /** Already abandoned by a drain (its outcome counted then): it ended after all. */
  void endedAfterAbandon(TrackedTask task, AsyncResult<?> result) {
    stalls.info(task.kind + ":abandoned-ended", "{}: abandoned task {} [{}] ended after all"
        + " ({})", owner, task.kind, task.detail,
        result.succeeded() ? "success" : result.cause().toString());
  }

  /** Reported once, when the task has run for guard.stall_after. */
  void stalled(TrackedTask task, long now) {
    task.stalledReported = true;
    metrics.stalled(task.kind).incrementAndGet();
    try (TaskMdc mdc = TaskMdc.of(task.kind, task.detail)) {
      stalls.warn(task.kind + ":stalled", "{}: task {} [{}] stalled: running for {} ms"
          + " (guard.stall_after {} ms)", owner, task.kind, task.detail, task.ageMillis(now),
          stallAfter.toMillis());
    }
  }

  /** The drain's deadline passed with the task still running: counted, named if {@code named}. */
  void abandoned(TrackedTask task, long now, boolean named) {
    task.inFlight.decrementAndGet();
    if (task.stalledReported) {
      metrics.stalled(task.kind).decrementAndGet();
    }
    metrics.count(task.kind, TaskOutcome.ABANDONED);
    if (named) {
      try (TaskMdc mdc = TaskMdc.of(task.kind, task.detail)) {
        LOG.warn("{}: abandoned task {} [{}] after {} ms", owner, task.kind, task.detail,
            task.ageMillis(now));
      }
    }
  }

  /** Abandoned tasks of a kind beyond those named one by one. */
  void abandonedUnnamed(String kind, int count, int named) {
    LOG.warn("{}: abandoned {} more task(s) {} (the oldest {} named above)", owner, count, kind,
        named);
  }
}
