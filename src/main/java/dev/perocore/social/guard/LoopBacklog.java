package dev.perocore.social.guard;

import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * How far behind the event loops are, in tasks waiting: {@link #behind()} while any loop has more
 * than {@code maxTasks} queued. A reader that takes in work for every loop (the OneBot gateway
 * publishing to every session shard) asks before it reads more, so a burst waits in the socket
 * rather than as thousands of tasks ahead of each loop's timers (which is what event-loop lag is:
 * the lag probe's timer runs after everything queued before it).
 *
 * <p>Safe from any thread: a queue's size is read without a lock.
 */
public final class LoopBacklog {

  private final List<IntSupplier> queues;
  private final int maxTasks;

  private LoopBacklog(List<IntSupplier> queues, int maxTasks) {
    if (maxTasks < 1) {
      throw new IllegalArgumentException("maxTasks must be >= 1, got " + maxTasks);
    }
    this.queues = List.copyOf(queues);
    this.maxTasks = maxTasks;
  }

  /** Every event loop of {@code vertx}. */
  public static LoopBacklog of(Vertx vertx, int maxTasks) {
    List<EventLoop> loops = VertxInternals.eventLoops(vertx);
    return new LoopBacklog(loops.stream().<IntSupplier>map(
        loop -> () -> VertxInternals.pendingTasks(loop)).toList(), maxTasks);
  }

  /** Over queues given by their sizes (tests hold a gate shut with one they control). */
  public static LoopBacklog of(List<IntSupplier> queues, int maxTasks) {
    return new LoopBacklog(queues, maxTasks);
  }

  /** A backlog that is never behind: for a reader nobody gates (tests, tools). */
  public static LoopBacklog never() {
    return new LoopBacklog(List.of(), Integer.MAX_VALUE);
  }

  /** True if some loop has more than {@code maxTasks} tasks waiting now. */
  public boolean behind() {
    for (IntSupplier queue : queues) {
      if (queue.getAsInt() > maxTasks) {
        return true;
      }
    }
    return false;
  }

  public int maxTasks() {
    return maxTasks;
  }
}
