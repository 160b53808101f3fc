package dev.perocore.social.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BackpressureTest {

  @Test
  void engagesAboveHighWaterAndLetsGoAtLowWaterTellingListenersEachTime() {
    Backpressure signal = new Backpressure(10, 4);
    AtomicInteger depth = new AtomicInteger();
    signal.watch(depth::get);
    AtomicInteger changes = new AtomicInteger();
    List<Long> released = new ArrayList<>();
    signal.onChange(changes::incrementAndGet);
    signal.onRelease(released::add);

    at(signal, depth, 10);
    assertFalse(signal.engaged(), "at high-water: not yet");
    at(signal, depth, 11);
    assertTrue(signal.engaged());
    at(signal, depth, 50);
    at(signal, depth, 5);
    assertTrue(signal.engaged(), "between the marks it holds: no flapping");
    assertTrue(released.isEmpty());
    // A millisecond engaged at least (a spin, not a sleep: those may return early).
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    at(signal, depth, 4);
    at(signal, depth, 0);

    assertFalse(signal.engaged());
    assertEquals(2, changes.get());
    assertEquals(1, signal.engagements());
    assertEquals(1, released.size(), "one release, told once: " + released);
    assertTrue(released.get(0) >= TimeUnit.MILLISECONDS.toNanos(1), released.toString());
    assertEquals(released.get(0) / 1e9, signal.engagedSeconds(), 1e-9);
    assertEquals(10, signal.high());
    assertEquals(4, signal.low());
  }

  @Test
  void aQueueThatDrainedWhileItEngagedIsLetGoByTheSameCall() {
    // The interleaving that once left every socket paused over an empty queue: a feeder saw 11
    // and engaged, while the owner drained to 0 between the feeder's read and its flip, saw the
    // flag still down and left. The feeder reads the depth again after its flip.
    Backpressure signal = new Backpressure(10, 4);
    signal.watch(script(11, 11, 0));  // fast path, the flip's read, the read after the flip

    signal.changed();

    assertFalse(signal.engaged(), "engaged over an empty queue");
    assertEquals(1, signal.engagements(), "it did engage, and let go at once");
  }

  @Test
  void aQueueThatFilledWhileItLetGoIsEngagedAgainByTheSameCall() {
    // The mirror: the owner let go at 0 while a feeder pushed the queue past high-water, saw the
    // flag still up and left.
    Backpressure signal = new Backpressure(10, 4);
    AtomicInteger depth = new AtomicInteger(11);
    signal.watch(depth::get);
    signal.changed();
    assertTrue(signal.engaged());
    signal.watch(script(0, 0, 11));

    signal.changed();

    assertTrue(signal.engaged(), "reading on over a full queue");
    assertEquals(2, signal.engagements());
  }

  @Test
  void aStaleCallActsOnTheLiveDepthNotOnWhatItsCallerSaw() {
    // A feeder saw the queue over high-water, and the owner drained it before the feeder took the
    // monitor: the depth read there (0) decides, not the one that sent the feeder in (11).
    Backpressure signal = new Backpressure(10, 4);
    signal.watch(script(11, 0));
    signal.changed();
    assertFalse(signal.engaged());
    assertEquals(0, signal.engagements());
  }

  @Test
  @Timeout(120)
  void feedersAndAnOwnerRacingAlwaysEndWithTheFlagMatchingTheQueue() throws Exception {
    // Four feeders push 3 rows at a time and an owner takes whatever is there, on their own
    // threads; when all stop, the flag must match the final depth: empty -> let go.
    for (int round = 0; round < 200; round++) {
      Backpressure signal = new Backpressure(10, 4);
      AtomicInteger depth = new AtomicInteger();
      signal.watch(depth::get);
      int feeders = 4;
      CyclicBarrier start = new CyclicBarrier(feeders + 1);
      AtomicInteger feeding = new AtomicInteger(feeders);
      List<Thread> threads = new ArrayList<>();
      for (int f = 0; f < feeders; f++) {
        threads.add(new Thread(() -> {
          await(start);
          for (int i = 0; i < 2_000; i++) {
            depth.addAndGet(3);
            signal.changed();
          }
          feeding.decrementAndGet();
        }));
      }
      threads.add(new Thread(() -> {
        await(start);
        while (feeding.get() > 0 || depth.get() > 0) {
          int taken = depth.get();
          if (taken > 0) {
            depth.addAndGet(-taken);
            signal.changed();
          }
        }
      }));
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }
      assertEquals(0, depth.get());
      if (signal.engaged()) {
        fail("round " + round + ": engaged over an empty queue after "
            + signal.engagements() + " engagement(s)");
      }
    }
  }

  @Test
  @Timeout(60)
  void theEngagedTimeNeverStepsBackWhileAnEngagementEnds() throws Exception {
    Backpressure signal = new Backpressure(10, 4);
    AtomicInteger depth = new AtomicInteger();
    signal.watch(depth::get);
    AtomicInteger reads = new AtomicInteger();
    // Flaps until the reader is done, so every read races a transition on another thread.
    Thread flapper = new Thread(() -> {
      while (reads.get() < 20_000) {
        at(signal, depth, 11);
        at(signal, depth, 0);
      }
    });
    flapper.start();
    while (signal.engagements() == 0) {
      Thread.onSpinWait();  // the flapper is under way
    }
    double last = 0;
    while (reads.get() < 20_000) {
      double now = signal.engagedSeconds();
      if (now < last) {
        fail(now + " after " + last);
      }
      last = now;
      reads.incrementAndGet();
    }
    flapper.join();
    assertTrue(signal.engagements() > 0);
  }

  @Test
  void aFailingListenerReachesNeitherTheFeederNorTheOwner() {
    Backpressure signal = new Backpressure(10, 4);
    AtomicInteger depth = new AtomicInteger();
    signal.watch(depth::get);
    AtomicInteger told = new AtomicInteger();
    signal.onChange(() -> {
      throw new IllegalStateException("listener bug");
    });
    signal.onChange(told::incrementAndGet);
    signal.onRelease(nanos -> {
      throw new IllegalStateException("listener bug");
    });

    at(signal, depth, 11);
    at(signal, depth, 0);

    assertFalse(signal.engaged());
    assertEquals(2, told.get(), "the other listener still heard both transitions");
  }

  @Test
  void neverEngagesForAQueueNobodyFeedsFromASocket() {
    Backpressure never = Backpressure.never();
    never.watch(() -> Integer.MAX_VALUE);
    never.changed();
    assertFalse(never.engaged());
    assertEquals(0, never.engagements());
  }

  @Test
  void nothingWatchedReadsAsEmpty() {
    Backpressure signal = new Backpressure(10, 4);
    signal.changed();
    assertFalse(signal.engaged());
  }

  @Test
  void lowWaterMustBeBelowHighWater() {
    assertThrows(IllegalArgumentException.class, () -> new Backpressure(4, 4));
    assertThrows(IllegalArgumentException.class, () -> new Backpressure(4, -1));
  }

  /** The queue's depth becomes {@code value}; its owner says so, as the writer does. */
  private static void at(Backpressure signal, AtomicInteger depth, int value) {
    depth.set(value);
    signal.changed();
  }

  /** A depth that reads {@code values} in turn, then the last one for good. */
  private static IntSupplier script(int... values) {
    Deque<Integer> left = new ArrayDeque<>();
    for (int value : values) {
      left.add(value);
    }
    return () -> left.size() > 1 ? left.poll() : left.peek();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
