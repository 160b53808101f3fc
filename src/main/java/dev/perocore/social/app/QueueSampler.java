package dev.perocore.social.app;

import dev.perocore.social.guard.VertxInternals;
import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * A benchmark's view of the tasks waiting on each event loop, sampled every millisecond from a
 * thread of its own: the lag probe's timer waits behind exactly these, so a long queue is what a
 * high lag percentile is made of.
 */
final class QueueSampler {

  private final List<EventLoop> loops;
  private final long[] max;
  private final long[] sum;
  private volatile boolean running = true;
  private long samples;
  private final Thread thread;

  private QueueSampler(Vertx vertx) {
    loops = VertxInternals.eventLoops(vertx);
    max = new long[loops.size()];
    sum = new long[loops.size()];
    thread = new Thread(this::sample, "bench-queue-sampler");
    thread.setDaemon(true);
  }

  static QueueSampler start(Vertx vertx) {
    QueueSampler sampler = new QueueSampler(vertx);
    sampler.thread.start();
    return sampler;
  }

  private void sample() {
    while (running) {
      for (int i = 0; i < loops.size(); i++) {
        int n = Math.max(0, VertxInternals.pendingTasks(loops.get(i)));
        max[i] = Math.max(max[i], n);
        sum[i] += n;
      }
      samples++;
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops sampling; "mean/max tasks waiting" per loop. */
  String stop() throws InterruptedException {
    running = false;
    thread.join();
    StringBuilder out = new StringBuilder("tasks waiting mean/max per loop:");
    for (int i = 0; i < loops.size(); i++) {
      out.append(String.format(" %d: %.0f/%d", i, samples == 0 ? 0.0 : (double) sum[i] / samples,
          max[i]));
    }
    return out.toString();
  }
}
