package dev.perocore.social.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polls a condition on Vert.x timers until it holds or a generous deadline passes. The deadline is
 * a safety net against hanging, not a performance assertion.
 */
public final class Poll {

  private Poll() {}

  public static Future<Void> until(Vertx vertx, Duration every, Duration deadline,
      String what, Supplier<Future<Boolean>> condition) {
    Promise<Void> done = Promise.promise();
    long giveUpAt = System.nanoTime() + deadline.toNanos();
    attempt(vertx, every, giveUpAt, what, condition, done);
    return done.future();
  }

  /** Same, with a condition that is a plain check. */
  public static Future<Void> untilTrue(Vertx vertx, String what, Supplier<Boolean> condition) {
    return until(vertx, Duration.ofMillis(20), Duration.ofSeconds(20), what,
        () -> Future.succeededFuture(condition.get()));
  }

  private static void attempt(Vertx vertx, Duration every, long giveUpAt, String what,
      Supplier<Future<Boolean>> condition, Promise<Void> done) {
    condition.get().onComplete(ar -> {
      if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
        done.tryComplete();
      } else if (System.nanoTime() > giveUpAt) {
        done.tryFail(new AssertionError("gave up waiting for: " + what
            + (ar.failed() ? " (last error: " + ar.cause() + ")" : "")));
      } else {
        vertx.setTimer(every.toMillis(), id -> attempt(vertx, every, giveUpAt, what, condition, done));
      }
    });
  }
}
