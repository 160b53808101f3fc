package dev.perocore.social.guard;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  /** Abandoned tasks named one by one per kind at a drain; the rest are counted. */
  static final int NAMED_ABANDONED = 20;

  private final String owner;
  private final Vertx vertx;
  private final TaskMetrics metrics;
  private final Timeouts timeouts;
  private final Duration stallAfter;
  private final TaskReports reports;
  /** By identity: a task is its own key (no boxed id per task). */
  private final Set<TrackedTask> tasks = ConcurrentHashMap.newKeySet();
  private final long stallTimer;
  private volatile Promise<Integer> drained;
  private volatile boolean closed;

  TaskSet(String owner, Vertx vertx, TaskMetrics metrics, Timeouts timeouts, Duration stallAfter) {
    this.owner = owner;
    this.vertx = vertx;
    this.metrics = metrics;
    this.timeouts = timeouts;
    this.stallAfter = stallAfter;
    this.reports = new TaskReports(owner, metrics, stallAfter);
    long every = Math.min(1000, Math.max(10, stallAfter.toMillis() / 4));
    this.stallTimer = vertx.setPeriodic(every, id -> reportStalled());
  }

  /**
   * Starts {@code work} and tracks it; a synchronous throw becomes a failed, counted task. The
   * {@code detail} (a session key, say) is made text only if a line or the admin API names the
   * task: it must not change afterwards.
   */
  public <T> Future<T> run(String kind, Object detail, Supplier<Future<T>> work) {
    return track(kind, detail, start(kind, work));
  }

  /**
   * Like {@link #run}, with a named deadline ({@code op} = {@code kind}), armed before the work
   * starts: a deadline the work sets for itself a little later (the event bus's reply timeout)
   * can never fire first, so the outcome is the named timeout whatever the machine's load.
   */
  public <T> Future<T> run(String kind, Object detail, Duration limit, Supplier<Future<T>> work) {
    Timed task = new Timed(kind, detail, limit);
    register(task);
    Bounded<T> bounded = timeouts.arm(kind, limit, task);
    return bounded.started(start(kind, work));
  }

  /** Tracks a future someone else started; returns it unchanged for composition. */
  public <T> Future<T> track(String kind, Object detail, Future<T> work) {
    TrackedTask task = new TrackedTask(kind, detail, System.nanoTime(), metrics.inFlight(kind));
    register(task);
    work.onComplete(result -> finish(task, result));
    return work;
  }

  /**
   * Tracks {@code work} and returns it bounded by a named deadline ({@code op} = {@code kind}).
   * The returned future fails at the deadline; the task stays in flight until the work ends.
   */
  public <T> Future<T> track(String kind, Object detail, Duration limit, Future<T> work) {
    if (work.isComplete()) {
      return track(kind, detail, work); // nothing left to wait for: no deadline
    }
    Timed task = new Timed(kind, detail, limit);
    register(task);
    Bounded<T> bounded = timeouts.arm(kind, limit, task);
    return bounded.started(work);
  }

  /**
   * A task with a named deadline: told of the expiry before its caller (counted as timed out,
   * still tracked) and of the work's end after its caller has heard the outcome — a drain waiting
   * for it must not finish (and a stopped owner report) before the caller's own bookkeeping ran.
   */
  private final class Timed extends TrackedTask implements Bounded.Watch {
    private final Duration limit;

    Timed(String kind, Object detail, Duration limit) {
      super(kind, detail, System.nanoTime(), metrics.inFlight(kind));
      this.limit = limit;
    }

    @Override
    public void expired(boolean workEnded) {
      if (!workEnded) {
        reports.timedOut(this, limit);
      }
    }

    @Override
    public void ended(AsyncResult<?> result) {
      finish(this, result);
    }
  }

  /**
   * Fire-and-forget that is still owned: starts the work, tracks it, and lets nobody wait for it.
   * Its failure is counted and logged like any other.
   */
  public <T> void launch(String kind, Object detail, Supplier<Future<T>> work) {
    track(kind, detail, start(kind, work));
  }

  /**
   * Failures of these kinds are still counted, but logged at DEBUG only: their owner writes one line
   * that says more (the session's "flush ended without a reply", with the brain's reason). One
   * failed LLM call used to be five warnings: the brain's task, the brain's answer, the session's
   * call, the session's flush and the session's explanation.
   */
  public void failuresExplainedByOwner(String... kinds) {
    reports.explainedByOwner(kinds);
  }

  /** The tasks running now, oldest first. */
  public List<TaskInfo> inFlight() {
    long now = System.nanoTime();
    List<TaskInfo> list = new ArrayList<>(tasks.size());
    for (TrackedTask task : tasks) {
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
   * Waits up to {@code deadline} for the tasks in flight, then abandons the rest, logging the
   * oldest {@link #NAMED_ABANDONED} of each kind by kind, detail and age and counting the others
   * in one line. Completes with the number abandoned. Afterwards new work is refused.
   */
  public Future<Integer> drain(Duration deadline) {
    Promise<Integer> done = Promise.promise();
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

  private void register(TrackedTask task) {
    tasks.add(task);
    task.inFlight.incrementAndGet();
  }

  private void finish(TrackedTask task, AsyncResult<?> result) {
    if (!tasks.remove(task)) {
      reports.endedAfterAbandon(task, result);
      return;
    }
    task.inFlight.decrementAndGet();
    reports.ended(task, result);
    Promise<Integer> waiting = drained;
    if (waiting != null && tasks.isEmpty()) {
      waiting.tryComplete(0);
    }
  }

  private void reportStalled() {
    long now = System.nanoTime();
    for (TrackedTask task : tasks) {
      if (!task.stalledReported && now - task.startNanos >= stallAfter.toNanos()) {
        reports.stalled(task, now);
      }
    }
  }

  private void abandonRemaining() {
    long now = System.nanoTime();
    int abandoned = 0;
    List<TrackedTask> remaining = new ArrayList<>(tasks);
    // Named oldest first (the set is by identity, in no order).
    remaining.sort(Comparator.comparingLong(task -> task.startNanos));
    // A drain during a long database lock abandons thousands of appends: the oldest of each kind
    // are named, the rest counted in one line per kind.
    Map<String, Integer> perKind = new HashMap<>();
    for (TrackedTask task : remaining) {
      if (tasks.remove(task)) {
        abandoned++;
        int nth = perKind.merge(task.kind, 1, Integer::sum);
        reports.abandoned(task, now, nth <= NAMED_ABANDONED);
      }
    }
    perKind.forEach((kind, count) -> {
      if (count > NAMED_ABANDONED) {
        reports.abandonedUnnamed(kind, count - NAMED_ABANDONED, NAMED_ABANDONED);
      }
    });
    Promise<Integer> waiting = drained;
    if (waiting != null) {
      waiting.tryComplete(abandoned);
    }
  }
}
