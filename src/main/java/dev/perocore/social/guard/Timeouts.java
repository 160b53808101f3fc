package dev.perocore.social.guard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
    // Internal API (no public one): a promise and a timer bound to the caller's context, so the
    // outcome reaches the caller there whichever thread settles it (see VertxInternals).
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    Promise<T> outcome = context.promise();
    // Whoever settles first wins; the loser does nothing. The count comes before the failure, so
    // anyone woken by the failure already sees it counted.
    AtomicBoolean settled = new AtomicBoolean();
    long timer =
        context.setTimer(
            Math.max(1, limit.toMillis()),
            id -> {
              if (settled.compareAndSet(false, true)) {
                counter(operation).increment();
                outcome.fail(new OperationTimeoutException(operation, limit));
              }
            });
    Future<T> work = start.get();
    if (work.isComplete() && settled.compareAndSet(false, true)) {
      context.owner().cancelTimer(timer);
      return work;
    }
    work.onComplete(
        result -> {
          if (settled.compareAndSet(false, true)) {
            context.owner().cancelTimer(timer);
            outcome.handle(result);
          }
        });
    return outcome.future();
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
