package dev.perocore.social.onebot.impl;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delays with jitter: the n-th consecutive failure waits a random time
 * between half and all of {@code min * 2^n} (never below {@code min}), capped at {@code max}. The jitter keeps many
 * gateways from reconnecting to one implementation in lock step.
 */
public final class Backoff {

  private final long minMs;
  private final long maxMs;
  private int failures;

  public Backoff(Duration min, Duration max) {
    this.minMs = Math.max(1, min.toMillis());
    this.maxMs = Math.max(minMs, max.toMillis());
  }

  /** The delay before the next attempt; each call counts one more failure. */
  public long nextDelayMs() {
    long ceiling = minMs;
    for (int i = 0; i < failures && ceiling < maxMs; i++) {
      ceiling = Math.min(maxMs, ceiling * 2);
    }
    failures++;
    long floor = Math.max(minMs, ceiling / 2);
    return floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1);
  }

  public int failures() {
    return failures;
  }

  public void reset() {
    failures = 0;
  }
}
