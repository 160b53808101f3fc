package dev.perocore.social.app;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The waits of the benchmarks ({@code bench service}, {@code bench burst}): on the main thread,
 * never on an event loop — the benchmark drives the service from outside, as a client would.
 */
final class BenchWaits {

  private BenchWaits() {}

  /** Polls {@code condition} every millisecond; false if it did not hold within {@code seconds}. */
  static boolean waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  /** The future's result, waiting at most a minute. */
  static <T> T await(Future<T> future) throws Exception {
    return future.await(60, TimeUnit.SECONDS);
  }
}
