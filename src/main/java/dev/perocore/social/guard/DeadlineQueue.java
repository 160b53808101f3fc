package dev.perocore.social.guard;

import io.netty.channel.EventLoop;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The deadlines of one length armed on one event loop, oldest first — which is also the order in
 * which they fall due — so one scheduled check, for the oldest, stands in for a timer per
 * deadline. Under a burst every store append has a deadline (session.store_timeout): scheduling
 * and cancelling a Netty timer for each was a few percent of the loop's time, and a settled
 * deadline now costs a flag and, usually, a poll.
 *
 * <p>Confined to the event loop: {@link #arm} and the check run on it. A deadline settled from
 * another thread only sets its flag; it leaves the queue at the next check.
 */
final class DeadlineQueue {

  /**
   * One deadline: settled at most once, by the work's outcome or by expiry. A subclass is the
   * expiry itself (and may be the work's completion handler too): one object per deadline.
   */
  abstract static class Deadline extends AtomicBoolean {
    private long dueNanos;
    private DeadlineQueue queue;

    /** Runs on the context when the deadline comes before the outcome. */
    abstract void expire();

    /** True for the first caller only: the outcome came before the deadline. */
    final boolean settle() {
      if (!compareAndSet(false, true)) {
        return false;
      }
      if (queue != null) { // null: not in a queue (a timer of its own, see Bounded)
        queue.dropSettled();
      }
      return true;
    }
  }

  private final ContextInternal context;
  private final EventLoop loop;
  private final long limitNanos;
  private final ArrayDeque<Deadline> armed = new ArrayDeque<>();
  /** A check is scheduled (or running): the next one is its to schedule. */
  private boolean checking;

  DeadlineQueue(ContextInternal context, long limitNanos) {
    this.context = context;
    this.loop = context.nettyEventLoop();
    this.limitNanos = limitNanos;
  }

  /** A deadline {@code limit} from now; {@code onExpiry} runs on the context if it comes first. */
  Deadline arm(Runnable onExpiry) {
    return arm(new Deadline() {
      @Override
      void expire() {
        onExpiry.run();
      }
    });
  }

  /** Arms {@code deadline} (new, never armed) {@code limit} from now. */
  <D extends Deadline> D arm(D armedNow) {
    Deadline deadline = armedNow; // (a type variable's members are not its bound's private ones)
    deadline.dueNanos = System.nanoTime() + limitNanos;
    deadline.queue = this;
    armed.add(deadline);
    if (!checking) {
      schedule(deadline.dueNanos);
    }
    return armedNow;
  }

  /** Deadlines armed and not yet removed (settled ones leave at the head or at the next check). */
  int size() {
    return armed.size();
  }

  private void dropSettled() {
    if (loop.inEventLoop()) {
      Deadline head;
      while ((head = armed.peek()) != null && head.get()) {
        armed.poll();
      }
    }
  }

  private void schedule(long dueNanos) {
    checking = true;
    // On the Netty loop rather than a Vert.x timer: a verticle's undeploy cancels its timers
    // silently, and this check serves every deadline of the context, not one verticle's.
    long delay = Math.max(0, dueNanos - System.nanoTime());
    loop.schedule(() -> context.emit(v -> check()), delay, TimeUnit.NANOSECONDS);
  }

  private void check() {
    // 'checking' stays set while expiries run: a deadline armed by one of them waits for the
    // single check scheduled below, not a second chain of its own.
    long now = System.nanoTime();
    Deadline head;
    while ((head = armed.peek()) != null && (head.get() || head.dueNanos - now <= 0)) {
      armed.poll();
      if (head.compareAndSet(false, true)) {
        head.expire();
      }
    }
    if (head != null) {
      schedule(head.dueNanos);
    } else {
      checking = false;
    }
  }
}
