package dev.perocore.social.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a piece of a test on a Vert.x context and waits for it from the (non-Vert.x) test thread. */
public final class OnContext {

  private OnContext() {}

  public static <T> T call(Context context, Callable<T> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Exception e) {
        result.fail(e);
      }
    });
    return await(result.future());
  }

  /** Waits for a future from the test thread, with a safety deadline. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within the 30 s safety deadline", e);
    }
  }

  /** Waits for a future that must fail, and returns its failure. */
  public static Throwable failure(Future<?> future) {
    try {
      future.await(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within the 30 s safety deadline", e);
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("expected a failure, got success");
  }
}
