package dev.perocore.social.guard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A high/low-water signal between a queue's owner (the store's writer) and whoever feeds it (the
 * OneBot gateway), which must not see each other: the owner hands over the queue's live depth
 * ({@link #watch}) and says whenever it changed ({@link #changed}); the feeder pauses while the
 * signal is {@link #engaged()}. Engages when the depth rises above {@code high} and lets go when it
 * falls to {@code low} or below; the gap keeps it from flapping on every row.
 *
 * <p>Safe from any thread. A change is lock-free while nothing crosses a mark (a volatile read and
 * the depth); a transition, a few dozen a second at most in a burst, takes a monitor so that its
 * flag, its start time and the engaged time counted move together: a scrape never sees the counter
 * step back, and a release never measures from another engagement's start.
 *
 * <p>Why the signal cannot stay engaged over an empty queue (nor let go over a full one): a
 * transition is judged on the depth read live inside the monitor, never on a depth a caller read
 * earlier; whoever changes the depth reads the flag and the depth after; and whoever flips the
 * flag reads the depth again after (and flips back if it crossed meanwhile). So after the last
 * change of depth, either its owner saw the last flip, or the last flipper saw that change.
 *
 * <p>Listeners are told only that the state changed: two transitions racing on two threads may reach
 * a listener in either order, so a listener reads {@link #engaged()} when it acts, and the last one
 * to act sees the final state. Release listeners get the length of the engagement that ended,
 * taken with it.
 */
public final class Backpressure {

  private static final Logger LOG = LoggerFactory.getLogger(Backpressure.class);

  private final int high;
  private final int low;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final List<LongConsumer> releaseListeners = new CopyOnWriteArrayList<>();
  private final Object transition = new Object();
  private final AtomicBoolean listenerFailed = new AtomicBoolean();
  /** The watched queue's live depth; nothing watched yet reads as empty. */
  private volatile IntSupplier depth = () -> 0;
  /** Written only under {@link #transition}; read without it on the fast path. */
  private volatile boolean engaged;
  // Guarded by 'transition'.
  private long engagements;
  private long engagedNanos;
  private long engagedSince;

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

  /**
   * The queue this signal follows, as its live depth: read at every change, from any thread, so a
   * read of the very counter the owner changes (an atomic's {@code get}), not a copy or a cache.
   * Called by the queue's owner before anything is queued.
   */
  public void watch(IntSupplier liveDepth) {
    this.depth = liveDepth;
  }

  /**
   * Called by whoever changed the queue's depth, after the change: engages above high-water, lets
   * go at low-water. Cheap when no mark is crossed.
   */
  public void changed() {
    boolean on = engaged;
    int now = depth.getAsInt();
    if (on ? now > low : now <= high) {
      return;
    }
    // Each turn flips the flag on the depth read under the monitor; another turn reads the depth
    // again after the flip, so a change that slipped between that read and the flip (its owner
    // saw the old flag and left) is judged too.
    while (flip()) {
      // again, until the flag matches the live depth
    }
  }

  /** One transition if the live depth calls for it; false if none did. */
  private boolean flip() {
    long took;
    synchronized (transition) {
      int now = depth.getAsInt();
      if (!engaged && now > high) {
        engagedSince = System.nanoTime();
        engagements++;
        engaged = true;
        took = -1;
      } else if (engaged && now <= low) {
        took = System.nanoTime() - engagedSince;
        engagedNanos += took;
        engaged = false;
      } else {
        return false;
      }
    }
    listeners.forEach(this::tell);
    if (took >= 0) {
      releaseListeners.forEach(listener -> tell(() -> listener.accept(took)));
    }
    return true;
  }

  /**
   * Runs one listener. A failing one is said once and must not reach the caller: the writer
   * reports a change after taking a batch off its queue, and a throw there would leave that
   * batch's callers waiting for good.
   */
  private void tell(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      if (listenerFailed.compareAndSet(false, true)) {
        LOG.error("backpressure: a listener failed (further failures not logged): {}",
            String.valueOf(e));
      }
    }
  }

  /** True between a rise above high-water and the next fall to low-water. */
  public boolean engaged() {
    return engaged;
  }

  /** How many times the signal engaged. */
  public long engagements() {
    synchronized (transition) {
      return engagements;
    }
  }

  /** Time spent engaged, including the engagement going on now: never decreases. */
  public double engagedSeconds() {
    synchronized (transition) {
      long total = engagedNanos;
      if (engaged) {
        total += Math.max(0, System.nanoTime() - engagedSince);
      }
      return total / 1e9;
    }
  }

  /** {@code listener} runs on the thread that changed the state; it must only schedule work. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * {@code listener} gets the length in ns of each engagement as it ends, once per engagement, on
   * the thread that let go (after the {@link #onChange} listeners).
   */
  public void onRelease(LongConsumer listener) {
    releaseListeners.add(listener);
  }

  public int high() {
    return high;
  }

  public int low() {
    return low;
  }
}
