package dev.perocore.social.guard;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;

/**
 * One named deadline over one piece of work ({@link Timeouts#within}): the deadline, its expiry and
 * the work's completion handler in one object, because under a burst every message append has
 * one (a promise, a deadline, a lambda per outcome and a list per task were most of a task's
 * cost). Whoever settles first wins — the work's outcome or the expiry; the loser does nothing.
 */
final class Bounded<T> extends DeadlineQueue.Deadline implements Handler<AsyncResult<T>> {

  /** Hears of the expiry before the caller does, and of the work's end after the caller has. */
  interface Watch {
    /** The deadline came first; {@code workEnded}: the work ended too, its callback not yet run. */
    void expired(boolean workEnded);

    /** The work ended (after the deadline or not). */
    void ended(AsyncResult<?> result);
  }

  private final Timeouts timeouts;
  private final String operation;
  private final Duration limit;
  private final Promise<T> outcome;
  private final Watch watch;
  private Future<T> work;
  /** Off an event loop: the deadline's own timer (-1 in a DeadlineQueue). */
  private ContextInternal timerContext;
  private long timer = -1;

  Bounded(Timeouts timeouts, String operation, Duration limit, Promise<T> outcome, Watch watch) {
    this.timeouts = timeouts;
    this.operation = operation;
    this.limit = limit;
    this.outcome = outcome;
    this.watch = watch;
  }

  /** Off an event loop: a timer of its own instead of a place in a loop's queue. */
  void timer(ContextInternal context, long delayMillis) {
    timerContext = context;
    timer = context.setTimer(delayMillis, id -> {
      if (compareAndSet(false, true)) {
        expire();
      }
    });
  }

  /** The work has started: its outcome, or the timeout, whichever comes first. */
  Future<T> started(Future<T> started) {
    this.work = started;
    if (started.isComplete() && settleFirst()) {
      work = null;
      if (watch != null) {
        watch.ended(started);
      }
      return started;
    }
    started.onComplete(this);
    return outcome.future();
  }

  @Override
  public void handle(AsyncResult<T> result) {
    if (settleFirst()) {
      work = null; // a settled deadline may wait in its queue a while; the work's result need not
      outcome.handle(result);
    }
    if (watch != null) {
      watch.ended(result);
    }
  }

  @Override
  void expire() {
    timeouts.expired(operation);
    if (watch != null) {
      Future<T> started = work;
      watch.expired(started != null && started.isComplete());
    }
    outcome.fail(new OperationTimeoutException(operation, limit));
  }

  private boolean settleFirst() {
    if (!settle()) {
      return false;
    }
    if (timer != -1) {
      timerContext.owner().cancelTimer(timer);
    }
    return true;
  }
}
