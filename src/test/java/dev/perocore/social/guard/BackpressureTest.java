package dev.perocore.social.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class BackpressureTest {

  @Test
  void engagesAboveHighWaterAndLetsGoAtLowWaterTellingListenersEachTime() {
    Backpressure signal = new Backpressure(10, 4);
    AtomicInteger changes = new AtomicInteger();
    signal.onChange(changes::incrementAndGet);

    signal.rose(10);
    assertFalse(signal.engaged(), "at high-water: not yet");
    signal.rose(11);
    assertTrue(signal.engaged());
    signal.rose(50);
    signal.fell(5);
    assertTrue(signal.engaged(), "between the marks it holds: no flapping");
    assertEquals(0, signal.lastEngagedNanos(), "no engagement has ended yet");
    // At least a millisecond engaged, so the length measured cannot be 0.
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    signal.fell(4);

    assertFalse(signal.engaged());
    assertEquals(2, changes.get());
    assertEquals(1, signal.engagements());
    assertTrue(signal.lastEngagedNanos() >= TimeUnit.MILLISECONDS.toNanos(1));
    assertEquals(signal.lastEngagedNanos() / 1e9, signal.engagedSeconds(), 1e-9);
    assertEquals(10, signal.highWater());
    assertEquals(4, signal.lowWater());
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
