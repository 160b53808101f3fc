package dev.perocore.social.onebot;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for the cluster's ownership map whose answers the test gives by hand: every claim
 * waits until {@link #answer} (or answers at once in {@link #auto} mode); every release is
 * recorded with what its {@code unserved} check said when it was asked (the real map asks it at
 * the release's turn, after the claims asked before it).
 */
final class ManualOwners implements BotOwners {

  /** A claim the test has not answered yet. */
  record Claim(long selfId, long askedNanos, Context caller, Promise<Optional<String>> answer) {

    /** Completes on the caller's context, as the real ownership answers. */
    void complete(Optional<String> owner) {
      caller.runOnContext(v -> answer.complete(owner));
    }

    void fail(String why) {
      caller.runOnContext(v -> answer.fail(why));
    }
  }

  /** A release as the gateway asked it: the bot, and whether its check let it go. */
  record Release(long selfId, boolean unserved) {}

  final List<Claim> claims = new CopyOnWriteArrayList<>();
  final List<Release> releases = new CopyOnWriteArrayList<>();
  /** When set, every claim is answered with it, after {@link #autoDelayMs} (0 = at once). */
  volatile Optional<String> auto;
  volatile long autoDelayMs;

  @Override
  public Future<Optional<String>> claim(long selfId) {
    Promise<Optional<String>> answer = Promise.promise();
    Context caller = Vertx.currentContext();
    claims.add(new Claim(selfId, System.nanoTime(), caller, answer));
    Optional<String> now = auto;
    long delay = autoDelayMs;
    if (now != null && delay > 0) {
      caller.owner().setTimer(delay, id -> caller.runOnContext(v -> answer.complete(now)));
    } else if (now != null) {
      answer.complete(now);
    }
    return answer.future();
  }

  @Override
  public Future<Boolean> release(long selfId, BooleanSupplier unserved) {
    boolean free = unserved.getAsBoolean();
    releases.add(new Release(selfId, free));
    return Future.succeededFuture(free);
  }

  /** The newest claim, answered now with {@code owner} (empty: this node may serve the bot). */
  void answer(Optional<String> owner) {
    claims.get(claims.size() - 1).complete(owner);
  }

  /** The newest claim fails, as one past {@code cluster.admin_timeout}. */
  void failNewest(String why) {
    claims.get(claims.size() - 1).fail(why);
  }
}
