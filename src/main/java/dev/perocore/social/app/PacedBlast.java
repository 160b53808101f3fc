package dev.perocore.social.app;

import dev.perocore.social.sim.OneBotSimulator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A bot's burst written at a steady rate ({@code bench burst ... rate=N}) instead of as fast as the
 * socket takes it: every millisecond the frames due by then go out, so a service that keeps up
 * reads them as they come. It shows what the loops' lag is when the burst does not saturate the
 * machine, beside the unpaced burst that does.
 */
final class PacedBlast {

  private PacedBlast() {}

  static Future<Void> start(Vertx vertx, OneBotSimulator sim, String[] frames, int perSecond) {
    Promise<Void> done = Promise.promise();
    long start = System.nanoTime();
    int[] sent = {0};
    Future<?>[] last = {Future.succeededFuture()};
    vertx.setPeriodic(1, id -> {
      long due = Math.min(frames.length,
          (System.nanoTime() - start) * perSecond / 1_000_000_000L);
      int from = sent[0];
      int n = (int) (due - from);
      if (n > 0) {
        last[0] = sim.blast(n, i -> frames[from + i]);
        sent[0] = from + n;
      }
      if (sent[0] == frames.length) {
        vertx.cancelTimer(id);
        last[0].onComplete(r -> done.tryComplete());
      }
    });
    return done.future();
  }
}
