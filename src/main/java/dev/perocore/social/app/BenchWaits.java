package dev.perocore.social.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The waits of the benchmarks ({@code bench service}, {@code bench burst}): on the main thread,
 * never on an event loop — the benchmark drives the service from outside, as a client would.
 */
final class BenchWaits {

  private BenchWaits() {}

  /**
   * Polls {@code condition} every 5 ms; false if it did not hold within {@code seconds}. Not every
   * millisecond: the poll runs on the cores it measures, and 5 ms is noise on a run of seconds.
   */
  static boolean waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /** The registry and counter {@link #storedMessages} found last (one run's: it is replaced). */
  private record Found(MeterRegistry registry, Counter counter) {}

  private static volatile Found found;

  /**
   * Messages stored so far ({@code social.store.rows{kind=message}}), the counter found once per
   * registry: a registry search walks every meter, and a burst's sessions and bots make thousands.
   */
  static double storedMessages(MeterRegistry registry) {
    Found last = found;
    if (last == null || last.registry() != registry) {
      Counter counter = registry.find("social.store.rows").tag("kind", "message").counter();
      if (counter == null) {
        return 0;
      }
      last = new Found(registry, counter);
      found = last;
    }
    return last.counter().count();
  }

  /** The future's result, waiting at most a minute. */
  static <T> T await(Future<T> future) throws Exception {
    return future.await(60, TimeUnit.SECONDS);
  }
}
