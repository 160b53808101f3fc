package dev.perocore.social.guard;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs work on the context that owns its state and answers on the caller's context: how a
 * component confined to one context (a verticle, a desk) serves calls from any other. The owner
 * never shares its state across threads, and the caller's callbacks never run on the owner's
 * loop, where they could touch the caller's own confined state from the wrong thread.
 */
public final class OwnerContext {

  private OwnerContext() {}

  /**
   * Runs {@code work} on {@code owner} and completes the returned future with its outcome on the
   * caller's context.
   *
   * <ul>
   *   <li>The work always starts on a later turn of the owner's context, even when called there.
   *   <li>The answer arrives on the context current at this call; a caller on no Vert.x context
   *       (a plain thread), or on {@code owner} itself, gets it on the owner's thread directly.
   *   <li>The outcome is the work's, success or failure; work that throws fails the answer.
   * </ul>
   */
  public static <T> Future<T> call(Context owner, Supplier<Future<T>> work) {
    Context caller = Vertx.currentContext();
    Promise<T> answer = Promise.promise();
    owner.runOnContext(v -> start(work).onComplete(outcome -> {
      if (caller == null || caller == owner) {
        answer.handle(outcome);
      } else {
        caller.runOnContext(ignored -> answer.handle(outcome));
      }
    }));
    return answer.future();
  }

  private static <T> Future<T> start(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      // Unanswered, the caller would wait for ever: a throw is a failed outcome like any other.
      return Future.failedFuture(e);
    }
  }
}
