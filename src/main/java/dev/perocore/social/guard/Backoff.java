package dev.perocore.social.guard;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential retry delays: retry {@code n} (counted from 0) waits {@code first * 2^n}, never more
 * than {@code cap}. Both are taken as at least 1 ms.
 *
 * <p>{@link #jittered} draws each delay {@code d} at random from {@code [max(first, d/2), d]}: the
 * jitter keeps many clients that failed together from retrying together, in lock step.
 *
 * <p>Immutable and stateless: the caller counts its own retries.
 */
public final class Backoff {

  private final long firstMs;
  private final long capMs;
  private final boolean jitter;

  private Backoff(long firstMs, long capMs, boolean jitter) {
    this.firstMs = firstMs;
    this.capMs = capMs;
    this.jitter = jitter;
  }

  /**
   * {@code first}, then double each retry, up to {@code cap}. A cap below {@code first} wins:
   * every retry then waits {@code cap}.
   */
  public static Backoff exponential(Duration first, Duration cap) {
    return new Backoff(Math.max(1, first.toMillis()), Math.max(1, cap.toMillis()), false);
  }

  /**
   * Like {@link #exponential}, each delay drawn at random from its upper half. A cap below {@code
   * first} is raised to it: {@code first} is the jitter's floor.
   */
  public static Backoff jittered(Duration first, Duration cap) {
    long firstMs = Math.max(1, first.toMillis());
    return new Backoff(firstMs, Math.max(firstMs, cap.toMillis()), true);
  }

  /** The delay before retry {@code retry} (0 = the first retry), in milliseconds; at least 1. */
  public long delayMillis(int retry) {
    long ceiling = Math.min(firstMs, capMs);
    // Doubling step by step cannot overflow, however many retries a caller has counted.
    for (int i = 0; i < retry && ceiling < capMs; i++) {
      ceiling = ceiling > capMs / 2 ? capMs : ceiling * 2;
    }
    if (!jitter) {
      return ceiling;
    }
    long floor = Math.max(firstMs, ceiling / 2);
    return floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1);
  }

  @Override
  public String toString() {
    return (jitter ? "jittered" : "exponential") + " backoff " + firstMs + " ms to " + capMs + " ms";
  }
}
