package dev.perocore.social.guard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A high/low-water signal between a queue's owner (the store's writer) and whoever feeds it (the
 * OneBot gateway), which must not see each other: the owner reports its depth, the feeder pauses
 * while the signal is {@link #engaged()}. Engages when the depth rises above {@code high} and lets
 * go when it falls to {@code low} or below; the gap keeps it from flapping on every row.
 *
 * <p>Lock-free and safe from any thread. Listeners are told only that the state changed, not to
 * what: two transitions racing on two threads may reach a listener in either order, so a listener
 * reads {@link #engaged()} when it acts, and the last one to act sees the final state.
 */
public final class Backpressure {

  private final int high;
  private final int low;
  private final AtomicBoolean engaged = new AtomicBoolean();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong engagements = new AtomicLong();
  private final AtomicLong engagedNanos = new AtomicLong();
  private volatile long engagedSince;
  private volatile long lastEngagedNanos;

  /** A signal that never engages: for a queue nobody feeds from a socket (tests, tools). */
  public static Backpressure never() {
    return new Backpressure(Integer.MAX_VALUE, Integer.MAX_VALUE - 1);
  }

  public Backpressure(int high, int low) {
    if (low >= high || low < 0) {
      throw new IllegalArgumentException("low-water " + low + " must be >= 0 and below high-water "
          + high);
    }
    this.high = high;
    this.low = low;
  }

  /** Called by the queue's owner after its depth grew to {@code depth}: cheap when nothing changes. */
  public void rose(int depth) {
    if (depth > high && !engaged.get() && engaged.compareAndSet(false, true)) {
      engagedSince = System.nanoTime();
      engagements.incrementAndGet();
      listeners.forEach(Runnable::run);
    }
  }

  /** Called by the queue's owner after its depth fell to {@code depth}. */
  public void fell(int depth) {
    if (depth <= low && engaged.get() && engaged.compareAndSet(true, false)) {
      long took = System.nanoTime() - engagedSince;
      lastEngagedNanos = took;
      engagedNanos.addAndGet(took);
      listeners.forEach(Runnable::run);
    }
  }

  /** True between a rise above high-water and the next fall to low-water. */
  public boolean engaged() {
    return engaged.get();
  }

  /** The depth above which the signal engages. */
  public int highWater() {
    return high;
  }

  /** The depth at or below which it lets go. */
  public int lowWater() {
    return low;
  }

  /** How long the last engagement that ended lasted, in ns (0 before the first ends). */
  public long lastEngagedNanos() {
    return lastEngagedNanos;
  }

  /** How many times the signal engaged. */
  public long engagements() {
    return engagements.get();
  }

  /** Time spent engaged, including the engagement going on now. */
  public double engagedSeconds() {
    long total = engagedNanos.get();
    if (engaged.get()) {
      total += Math.max(0, System.nanoTime() - engagedSince);
    }
    return total / 1e9;
  }

  /** {@code listener} runs on the thread that changed the state; it must only schedule work. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  public int high() {
    return high;
  }

  public int low() {
    return low;
  }
}
