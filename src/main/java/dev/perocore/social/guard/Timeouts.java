package dev.perocore.social.guard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Named deadlines: the one way we bound an external wait.
 *
 * <p>On expiry the returned future fails with an {@link OperationTimeoutException} naming the
 * operation, and {@code social_timeouts_total{op}} goes up. The wrapped work is not cancelled
 * (Vert.x futures cannot be): whoever owns it keeps it tracked until it really ends.
 */
public final class Timeouts {

  private final Vertx vertx;
  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> expired = new ConcurrentHashMap<>();

  public Timeouts(Vertx vertx, MeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  /**
   * The outcome of {@code work}, or a timeout failure naming {@code operation} once {@code limit}
   * has passed, whichever comes first. Callbacks run on the caller's context.
   */
  public <T> Future<T> within(String operation, Duration limit, Future<T> work) {
    if (work.isComplete()) {
      return work;
    }
    return within(operation, limit, () -> work);
  }

  /**
   * Arms the deadline, then starts the work: a deadline the work sets for itself (an event-bus
   * reply timeout a little after ours) is always later than ours, however long the thread pauses
   * between the two, so ours is the one that fires and is counted. {@code start} must not throw.
   */
  public <T> Future<T> within(String operation, Duration limit, Supplier<Future<T>> start) {
    // Internal API (no public one): a promise bound to the caller's context, so the outcome
    // reaches the caller there whichever thread settles it (see VertxInternals).
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Promise<T> outcome = context.promise();
    // Whoever settles first wins; the loser does nothing. The count comes before the failure, so
    // anyone woken by the failure already sees it counted.
    Settle deadline = arm(context, limit, () -> {
      counter(operation).increment();
      outcome.fail(new OperationTimeoutException(operation, limit));
    });
    Future<T> work = start.get();
    if (work.isComplete() && deadline.settle()) {
      return work;
    }
    work.onComplete(
        result -> {
          if (deadline.settle()) {
            outcome.handle(result);
          }
        });
    return outcome.future();
  }

  /** Settles a deadline: true for the first caller only (the outcome, or the expiry). */
  private interface Settle {
    boolean settle();
  }

  /**
   * On the caller's own event loop, the deadline joins that loop's queue of deadlines of this
   * length (one check for all of them, see {@link DeadlineQueue}); anywhere else (a worker, a
   * plain thread) it gets a timer of its own.
   */
  private Settle arm(ContextInternal context, Duration limit, Runnable onExpiry) {
    if (context.isEventLoopContext() && context.nettyEventLoop().inEventLoop()) {
      return queueFor(context, limit).arm(onExpiry)::settle;
    }
    AtomicBoolean settled = new AtomicBoolean();
    long timer = context.setTimer(Math.max(1, limit.toMillis()), id -> {
      if (settled.compareAndSet(false, true)) {
        onExpiry.run();
      }
    });
    return () -> {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      context.owner().cancelTimer(timer);
      return true;
    };
  }

  /** The queue for {@code limit} on the context's loop, kept in the (base) context's data. */
  private DeadlineQueue queueFor(ContextInternal context, Duration limit) {
    ContextInternal base = context.unwrap();
    Map<Long, DeadlineQueue> byLimit = base.get(this);
    if (byLimit == null) {
      byLimit = new HashMap<>();
      base.put(this, byLimit);
    }
    long nanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), limit.toNanos());
    DeadlineQueue queue = byLimit.get(nanos);
    if (queue == null) {
      queue = new DeadlineQueue(base, nanos);
      byLimit.put(nanos, queue);
    }
    return queue;
  }

  /** Registers {@code social_timeouts_total{op}} at zero: an alert sees the first expiry. */
  public void declare(String operation) {
    counter(operation);
  }

  private Counter counter(String operation) {
    return expired.computeIfAbsent(
        operation,
        op ->
            Counter.builder("social.timeouts")
                .description("Named deadlines that expired, by operation")
                .tag("op", op)
                .register(registry));
  }
}
