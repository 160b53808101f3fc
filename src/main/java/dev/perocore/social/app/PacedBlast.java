package dev.perocore.social.app;

import dev.perocore.social.sim.OneBotSimulator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A bot's burst written at a steady rate ({@code bench burst ... rate=N}) instead of as fast as the
 * socket takes it: every millisecond the frames due by then go out, so a service that keeps up
 * reads them as they come. It shows what the loops' lag is when the clients do not push as hard as
 * they can, beside the unpaced burst that does.
 */
final class PacedBlast {

  private PacedBlast() {}

  /** Writes {@code frames} from {@code sim} at {@code perSecond} (> 0); completes once all went. */
  static Future<Void> start(Vertx vertx, OneBotSimulator sim, String[] frames, int perSecond) {
    Promise<Void> done = Promise.promise();
    long start = System.nanoTime();
    int[] sent = {0};
    Future<?>[] last = {Future.succeededFuture()};
    vertx.setPeriodic(1, id -> {
      if (!last[0].isComplete()) {
        // One blast at a time on a socket: a second one would take over its drain handler and
        // the first would never write the rest. What is due meanwhile goes with the next.
        return;
      }
      if (last[0].failed()) {
        vertx.cancelTimer(id);
        done.tryFail(last[0].cause());
        return;
      }
      if (sent[0] == frames.length) {
        vertx.cancelTimer(id);
        done.tryComplete();
        return;
      }
      long elapsedMicros = (System.nanoTime() - start) / 1_000;
      long due = Math.min(frames.length, elapsedMicros * perSecond / 1_000_000);
      int from = sent[0];
      int n = (int) (due - from);
      if (n > 0) {
        last[0] = sim.blast(n, i -> frames[from + i]);
        sent[0] = from + n;
      }
    });
    return done.future();
  }
}
