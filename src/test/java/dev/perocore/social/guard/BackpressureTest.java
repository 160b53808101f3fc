package dev.perocore.social.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BackpressureTest {

  @Test
  void engagesAboveHighWaterAndLetsGoAtLowWaterTellingListenersEachTime() {
    Backpressure signal = new Backpressure(10, 4);
    AtomicInteger changes = new AtomicInteger();
    List<Long> released = new ArrayList<>();
    signal.onChange(changes::incrementAndGet);
    signal.onRelease(released::add);

    signal.rose(10);
    assertFalse(signal.engaged(), "at high-water: not yet");
    signal.rose(11);
    assertTrue(signal.engaged());
    signal.rose(50);
    signal.fell(5);
    assertTrue(signal.engaged(), "between the marks it holds: no flapping");
    assertTrue(released.isEmpty());
    // A millisecond engaged at least (a spin, not a sleep: those may return early).
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    signal.fell(4);
    signal.fell(0);

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
  void aStaleDepthThatEngagesAfterTheQueueDrainedIsLetGoByTheLiveDepth() {
    // The writer's order: a feeder read depth 11, stood still while the owner drained to 0 and
    // reported it (nothing engaged yet, so nothing to let go), then reported its stale 11.
    Backpressure signal = new Backpressure(10, 4);
    signal.fell(0);
    signal.rose(11);
    assertTrue(signal.engaged(), "engaged on a depth that is no longer true");
    // The feeder follows with the live depth, as Writer.submit does.
    signal.fell(0);
    assertFalse(signal.engaged());
  }

  @Test
  @Timeout(60)
  void theEngagedTimeNeverStepsBackWhileAnEngagementEnds() throws Exception {
    Backpressure signal = new Backpressure(10, 4);
    AtomicInteger reads = new AtomicInteger();
    // Flaps until the reader is done, so every read races a transition on another thread.
    Thread flapper = new Thread(() -> {
      while (reads.get() < 20_000) {
        signal.rose(11);
        signal.fell(0);
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
    AtomicInteger told = new AtomicInteger();
    signal.onChange(() -> {
      throw new IllegalStateException("listener bug");
    });
    signal.onChange(told::incrementAndGet);
    signal.onRelease(nanos -> {
      throw new IllegalStateException("listener bug");
    });

    signal.rose(11);
    signal.fell(0);

    assertFalse(signal.engaged());
    assertEquals(2, told.get(), "the other listener still heard both transitions");
  }

  @Test
  void neverEngagesForAQueueNobodyFeedsFromASocket() {
    Backpressure never = Backpressure.never();
    never.rose(Integer.MAX_VALUE);
    assertFalse(never.engaged());
    assertEquals(0, never.engagements());
  }

  @Test
  void lowWaterMustBeBelowHighWater() {
    assertThrows(IllegalArgumentException.class, () -> new Backpressure(4, 4));
    assertThrows(IllegalArgumentException.class, () -> new Backpressure(4, -1));
  }
}
