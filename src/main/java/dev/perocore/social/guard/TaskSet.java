package dev.perocore.social.guard;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner of every future a verticle starts: PeroCore's ghost tasks, made impossible.
 *
 * <p>Work enters through {@link #run}, {@link #track} or {@link #launch}; each registers the
 * future, counts its outcome in {@code social_tasks_total{kind,outcome}}, logs a failure with its
 * kind and detail, and keeps it in {@code social_tasks_in_flight} until it really ends — even past
 * a named deadline, which fails the caller's future but cannot stop the work. A task older than
 * {@code guard.stall_after} is reported once as stalled. {@link #drain} waits for what is in
 * flight when the owner stops, then names each task it abandons.
 *
 * <p>There is deliberately no way to start work that nobody observes: {@link #launch} is the
 * fire-and-forget form, and it too counts and logs a failure.
 */
public final class TaskSet {

  private static final Logger LOG = LoggerFactory.getLogger(TaskSet.class);

  private final String owner;
  private final Vertx vertx;
  private final TaskMetrics metrics;
  private final Timeouts timeouts;
  private final Duration stallAfter;
  private final RateLimitedLog failures;
  /** Kinds whose failures their owner explains in a line of its own (see failuresExplainedByOwner). */
  private final java.util.Set<String> explained = ConcurrentHashMap.newKeySet();
  private final Map<Long, Task> tasks = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final long stallTimer;
  private volatile Promise<Integer> drained;
  private volatile Context drainContext;
  private volatile boolean closed;

  TaskSet(String owner, Vertx vertx, TaskMetrics metrics, Timeouts timeouts, Duration stallAfter) {
    this.owner = owner;
    this.vertx = vertx;
    this.metrics = metrics;
    this.timeouts = timeouts;
    this.stallAfter = stallAfter;
    this.failures = new RateLimitedLog(LOG, Duration.ofSeconds(1));
    long every = Math.min(1000, Math.max(10, stallAfter.toMillis() / 4));
    this.stallTimer = vertx.setPeriodic(every, id -> reportStalled());
  }

  /** Starts {@code work} and tracks it; a synchronous throw becomes a failed, counted task. */
  public <T> Future<T> run(String kind, String detail, Supplier<Future<T>> work) {
    return track(kind, detail, start(kind, work));
  }

  /**
   * Like {@link #run}, with a named deadline ({@code op} = {@code kind}), armed before the work
   * starts: a deadline the work sets for itself a little later (the event bus's reply timeout)
   * can never fire first, so the outcome is the named timeout whatever the machine's load.
   */
  public <T> Future<T> run(String kind, String detail, Duration limit, Supplier<Future<T>> work) {
    Task task = register(kind, detail);
    List<Future<T>> started = new ArrayList<>(1);
    Future<T> bounded = timeouts.within(kind, limit, () -> {
      Future<T> future = start(kind, work);
      started.add(future);
      future.onComplete(result -> finish(task, result));
      return future;
    });
    countTimeout(task, kind, detail, limit, bounded, started.get(0));
    return bounded;
  }

  /** Tracks a future someone else started; returns it unchanged for composition. */
  public <T> Future<T> track(String kind, String detail, Future<T> work) {
    Task task = register(kind, detail);
    work.onComplete(result -> finish(task, result));
    return work;
  }

  /**
   * Tracks {@code work} and returns it bounded by a named deadline ({@code op} = {@code kind}).
   * The returned future fails at the deadline; the task stays in flight until the work ends.
   */
  public <T> Future<T> track(String kind, String detail, Duration limit, Future<T> work) {
    Task task = register(kind, detail);
    work.onComplete(result -> finish(task, result));
    Future<T> bounded = timeouts.within(kind, limit, work);
    countTimeout(task, kind, detail, limit, bounded, work);
    return bounded;
  }

  private void countTimeout(Task task, String kind, String detail, Duration limit,
      Future<?> bounded, Future<?> work) {
    bounded.onFailure(
        cause -> {
          if (cause instanceof OperationTimeoutException && !work.isComplete()) {
            task.timedOut = true;
            metrics.count(kind, TaskOutcome.TIMEOUT);
            if (explained.contains(kind)) {
              LOG.debug("{}: task {} [{}] timed out after {} ms; it stays tracked until it ends",
                  owner, kind, detail, limit.toMillis());
              return;
            }
            try (TaskMdc mdc = TaskMdc.of(kind, detail)) {
              failures.warn(kind + ":timeout", "{}: task {} [{}] timed out after {} ms; it stays"
                  + " tracked until it ends", owner, kind, detail, limit.toMillis());
            }
          }
        });
  }

  /**
   * Fire-and-forget that is still owned: starts the work, tracks it, and lets nobody wait for it.
   * Its failure is counted and logged like any other.
   */
  public <T> void launch(String kind, String detail, Supplier<Future<T>> work) {
    track(kind, detail, start(kind, work));
  }

  /**
   * Failures of these kinds are still counted, but logged at DEBUG only: their owner writes one line
   * that says more (the session's "flush ended without a reply", with the brain's reason). One
   * failed LLM call used to be five warnings: the brain's task, the brain's answer, the session's
   * call, the session's flush and the session's explanation.
   */
  public void failuresExplainedByOwner(String... kinds) {
    explained.addAll(java.util.List.of(kinds));
  }

  /** The tasks running now, oldest first. */
  public List<TaskInfo> inFlight() {
    long now = System.nanoTime();
    List<TaskInfo> list = new ArrayList<>(tasks.size());
    for (Task task : tasks.values()) {
      list.add(task.info(owner, now));
    }
    list.sort(Comparator.comparing(TaskInfo::age).reversed());
    return list;
  }

  public int size() {
    return tasks.size();
  }

  public String owner() {
    return owner;
  }

  /** Whether a drain has finished: the set takes no new work. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Waits up to {@code deadline} for the tasks in flight, then abandons the rest, logging each by
   * kind, detail and age. Completes with the number abandoned. Afterwards new work is refused.
   */
  public Future<Integer> drain(Duration deadline) {
    Promise<Integer> done = Promise.promise();
    drainContext = Vertx.currentContext();
    drained = done;
    if (tasks.isEmpty()) {
      done.tryComplete(0);
    } else {
      LOG.info("{}: draining {} task(s), up to {} ms", owner, tasks.size(), deadline.toMillis());
      long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> abandonRemaining());
      done.future().onComplete(ignored -> vertx.cancelTimer(timer));
    }
    return done.future()
        .andThen(
            abandoned -> {
              closed = true;
              vertx.cancelTimer(stallTimer);
              if (abandoned.result() == 0) {
                LOG.info("{}: drained, nothing abandoned", owner);
              } else {
                LOG.warn("{}: drained, {} task(s) abandoned", owner, abandoned.result());
              }
            });
  }

  private <T> Future<T> start(String kind, Supplier<? extends Future<T>> work) {
    if (closed) {
      return Future.failedFuture(new TaskSetClosedException(owner, kind));
    }
    try {
      Future<T> future = work.get();
      return future != null
          ? future
          : Future.failedFuture(new IllegalStateException(kind + " returned no future"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Task register(String kind, String detail) {
    Task task = new Task(ids.incrementAndGet(), kind, detail, System.nanoTime());
    tasks.put(task.id, task);
    metrics.inFlight(kind).incrementAndGet();
    return task;
  }

  private void finish(Task task, AsyncResult<?> result) {
    if (tasks.remove(task.id) == null) {
      // Already abandoned by drain: its outcome was counted then; say that it ended after all.
      LOG.info("{}: abandoned task {} [{}] ended after all ({})", owner, task.kind, task.detail,
          result.succeeded() ? "success" : result.cause().toString());
      return;
    }
    metrics.inFlight(task.kind).decrementAndGet();
    // A success that never stalled logs nothing: no MDC work on the hot path.
    boolean quiet = result.succeeded() && !task.stalledReported;
    try (TaskMdc mdc = quiet ? null : TaskMdc.of(task.kind, task.detail)) {
      if (task.stalledReported) {
        metrics.stalled(task.kind).decrementAndGet();
        LOG.info("{}: stalled task {} [{}] ended after {} ms", owner, task.kind, task.detail,
            ageMillis(task, System.nanoTime()));
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
    Promise<Integer> waiting = drained;
    if (waiting != null && tasks.isEmpty()) {
      // Not in this turn: the owner's listeners on the future run() returned (how a flush counts
      // its reply) run after this one, and a drain that ended first let an undeploy finish with
      // the outcome unaccounted. The next turn of the draining context comes after them.
      Context on = drainContext;
      if (on == null) {
        waiting.tryComplete(0);
      } else {
        on.runOnContext(v -> {
          if (tasks.isEmpty()) {
            waiting.tryComplete(0);
          }
        });
      }
    }
  }

  private void reportStalled() {
    long now = System.nanoTime();
    for (Task task : tasks.values()) {
      if (!task.stalledReported && now - task.startNanos >= stallAfter.toNanos()) {
        task.stalledReported = true;
        metrics.stalled(task.kind).incrementAndGet();
        try (TaskMdc mdc = TaskMdc.of(task.kind, task.detail)) {
          LOG.warn("{}: task {} [{}] stalled: running for {} ms (guard.stall_after {} ms)", owner,
              task.kind, task.detail, ageMillis(task, now), stallAfter.toMillis());
        }
      }
    }
  }

  private void abandonRemaining() {
    long now = System.nanoTime();
    int abandoned = 0;
    for (Task task : new ArrayList<>(tasks.values())) {
      if (tasks.remove(task.id) == null) {
        continue;
      }
      abandoned++;
      metrics.inFlight(task.kind).decrementAndGet();
      if (task.stalledReported) {
        metrics.stalled(task.kind).decrementAndGet();
      }
      metrics.count(task.kind, TaskOutcome.ABANDONED);
      try (TaskMdc mdc = TaskMdc.of(task.kind, task.detail)) {
        LOG.warn("{}: abandoned task {} [{}] after {} ms", owner, task.kind, task.detail,
            ageMillis(task, now));
      }
    }
    Promise<Integer> waiting = drained;
    if (waiting != null) {
      waiting.tryComplete(abandoned);
    }
  }

  private static long ageMillis(Task task, long now) {
    return Duration.ofNanos(now - task.startNanos).toMillis();
  }

  private static final class Task {
    final long id;
    final String kind;
    final String detail;
    final long startNanos;
    volatile boolean timedOut;
    volatile boolean stalledReported;

    Task(long id, String kind, String detail, long startNanos) {
      this.id = id;
      this.kind = kind;
      this.detail = detail;
      this.startNanos = startNanos;
    }

    TaskInfo info(String owner, long now) {
      return new TaskInfo(owner, kind, detail, Duration.ofNanos(now - startNanos), timedOut);
    }
  }
}
