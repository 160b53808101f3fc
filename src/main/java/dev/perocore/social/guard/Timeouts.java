package dev.perocore.social.guard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
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
    Bounded<T> bounded = arm(operation, limit, null);
    return bounded.started(start.get());
  }

  /**
   * A deadline armed now for work the caller starts next and hands to {@link
   * Bounded#started}: {@link #within}'s two halves, so a {@link TaskSet} task costs no supplier.
   * {@code watch} (may be null) hears of the expiry before the caller does and of the work's end
   * after the caller has.
   */
  <T> Bounded<T> arm(String operation, Duration limit, Bounded.Watch watch) {
    // Internal API (no public one): a promise bound to the caller's context, so the outcome
    // reaches the caller there whichever thread settles it (see VertxInternals).
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Bounded<T> bounded = new Bounded<>(this, operation, limit, context.promise(), watch);
    // On the caller's own event loop, the deadline joins that loop's queue of deadlines of this
    // length (one check for all of them, see DeadlineQueue); anywhere else (a worker, a plain
    // thread) it gets a timer of its own.
    if (context.isEventLoopContext() && context.nettyEventLoop().inEventLoop()) {
      queueFor(context, limit).arm(bounded);
    } else {
      bounded.timer(context, Math.max(1, limit.toMillis()));
    }
    return bounded;
  }

  /** Counted before the caller hears of the expiry: whoever it wakes already sees it counted. */
  void expired(String operation) {
    counter(operation).increment();
  }

  /** The queue for {@code limit} on the context's loop, kept in the (base) context's data. */
  private DeadlineQueue queueFor(ContextInternal context, Duration limit) {
    ContextInternal base = context.unwrap();
    Queues byLimit = base.get(this);
    if (byLimit == null) {
      byLimit = new Queues();
      base.put(this, byLimit);
    }
    // Most deadlines of a loop are one configured Duration (session.store_timeout): the same
    // instance finds its queue without boxing a key.
    if (byLimit.lastLimit == limit) {
      return byLimit.lastQueue;
    }
    long nanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), limit.toNanos());
    DeadlineQueue queue = byLimit.get(nanos);
    if (queue == null) {
      queue = new DeadlineQueue(base, nanos);
      byLimit.put(nanos, queue);
    }
    byLimit.lastLimit = limit;
    byLimit.lastQueue = queue;
    return queue;
  }

  /** One loop's deadline queues by length, and the one used last. Confined to the loop. */
  private static final class Queues extends HashMap<Long, DeadlineQueue> {
    private static final long serialVersionUID = 1L;
    private transient Duration lastLimit;
    private transient DeadlineQueue lastQueue;
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
