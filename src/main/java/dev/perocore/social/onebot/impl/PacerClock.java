package dev.perocore.social.onebot.impl;

import io.vertx.core.Vertx;

/**
 * The time a {@link SendPacer} runs on: a monotonic clock in nanoseconds, and one-shot wake-ups
 * that run on the context that set them. Production is {@link #of(Vertx)}: {@code
 * System.nanoTime()} and Vert.x timers. Tests drive a manual clock, so whether a send waits
 * depends on how much time the test says has passed, never on how fast the machine is.
 */
public interface PacerClock {

  long nanoTime();

  /** Runs {@code action} after at least {@code delayMs}; returns the id to cancel it by. */
  long setTimer(long delayMs, Runnable action);

  void cancelTimer(long id);

  /** The system's monotonic clock and {@code vertx}'s timers. */
  static PacerClock of(Vertx vertx) {
    return new PacerClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public long setTimer(long delayMs, Runnable action) {
        return vertx.setTimer(delayMs, id -> action.run());
      }

      @Override
      public void cancelTimer(long id) {
        vertx.cancelTimer(id);
      }
    };
  }
}
