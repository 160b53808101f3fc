package dev.perocore.social.guard;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopGuardTest {

  private GuardedVertx gv;
  private LogCapture log;

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    log = LogCapture.of("dev.perocore.social.guard.LoopGuard");
  }

  @AfterEach
  void tearDown() {
    log.close();
    gv.close();
  }

  /** Spins (CPU-bound, as real blocking handlers are) on a fresh event-loop context. */
  private static void spin(Context loop, long millis) {
    loop.runOnContext(v -> {
      long end = System.nanoTime() + millis * 1_000_000;
      while (System.nanoTime() < end) {
        spins++;
      }
    });
  }

  private static volatile long spins;

  @Test
  void aBlockedLoopIsCountedAsEventsAndOneEpisodeAndIsVisibleWhileItLasts() {
    Context victim = gv.vertx.getOrCreateContext();
    AtomicLong longestSeen = new AtomicLong();
    spin(victim, 700);

    await(Poll.untilTrue(gv.vertx, "block seen while it lasts", () -> {
      longestSeen.accumulateAndGet(gv.guard.loopGuard().eventLoopBlockedNow().toMillis(), Math::max);
      return longestSeen.get() >= 300;
    }));
    await(Poll.untilTrue(gv.vertx, "block over", () ->
        gv.guard.loopGuard().eventLoopBlockedNow().isZero()));

    double events = gv.counter("social.loop.blocked.events", "thread_kind", "event_loop");
    double episodes = gv.counter("social.loop.blocked.episodes", "thread_kind", "event_loop");
    assertTrue(events >= 4, "the checker reports once per interval while blocked: " + events);
    // One 700 ms block is one episode. (A loaded 2-core machine may add a stray short block of
    // its own, so this asserts "far fewer episodes than events", not an exact 1.)
    assertTrue(episodes >= 1 && episodes <= events / 2, episodes + " episodes for " + events + " events");
    assertEquals(0, gv.gauge("social.loop.blocked.seconds.max", "thread_kind", "event_loop"));
    assertTrue(log.contains("blocked for", "event_loop"), log.lines().toString());

    spin(victim, 400);
    await(Poll.untilTrue(gv.vertx, "second episode",
        () -> gv.counter("social.loop.blocked.episodes", "thread_kind", "event_loop") > episodes));
  }

  @Test
  void theLagProbeMeasuresTheBlockOnItsLoop() {
    gv.guard.loopGuard().takeMaxLag();
    // Block every loop in turn so whichever one a probe runs on sees it.
    for (int i = 0; i < 4; i++) {
      spin(gv.vertx.getOrCreateContext(), 300);
    }
    AtomicLong maxLag = new AtomicLong();
    await(Poll.untilTrue(gv.vertx, "lag of at least 200 ms measured", () -> {
      maxLag.accumulateAndGet(gv.guard.loopGuard().takeMaxLag().toMillis(), Math::max);
      return maxLag.get() >= 200;
    }));
    var lag = gv.registry.find("social.eventloop.lag").timers();
    assertEquals(4, lag.size(), "one lag series per event loop");
    assertTrue(lag.stream().mapToDouble(t -> t.max(java.util.concurrent.TimeUnit.MILLISECONDS)).max().orElse(0) >= 200);
  }

  @Test
  void aStallCountsTheTicksItMadeTheProbeMiss() {
    // 400 ms stuck at a 20 ms probe: the late sample (>= 380 ms) and the missed ticks' 360, 340,
    // ... 20 ms. Counted alone, a stall was one sample over 100 ms per stall.
    for (int i = 0; i < 4; i++) {
      spin(gv.vertx.getOrCreateContext(), 400);
    }
    await(Poll.untilTrue(gv.vertx, "a loop with ten samples over 100 ms",
        () -> worstLoopOver100Ms() >= 10));
  }

  @Test
  void missedTicksAreCountedDownToOneInterval() {
    java.util.List<Long> seen = new java.util.ArrayList<>();
    assertEquals(0, EventLoopLagProbe.missedTicks(19, 10, seen::add), "under two periods late");
    assertEquals(1, EventLoopLagProbe.missedTicks(20, 10, seen::add));
    assertEquals(java.util.List.of(10L), seen);
    seen.clear();
    assertEquals(3, EventLoopLagProbe.missedTicks(45, 10, seen::add));
    assertEquals(java.util.List.of(35L, 25L, 15L), seen);
    assertEquals(EventLoopLagProbe.MAX_MISSED,
        EventLoopLagProbe.missedTicks(Long.MAX_VALUE / 2, 10, v -> { }), "bounded");
  }

  /** The most samples over 100 ms on any one loop's lag timer. */
  private double worstLoopOver100Ms() {
    double worst = 0;
    for (io.micrometer.core.instrument.Timer timer : gv.registry.find("social.eventloop.lag")
        .timers()) {
      double upTo100 = 0;
      for (var bucket : timer.takeSnapshot().histogramCounts()) {
        if (bucket.bucket(java.util.concurrent.TimeUnit.MILLISECONDS) == 100) {
          upTo100 = bucket.count();
        }
      }
      worst = Math.max(worst, timer.count() - upTo100);
    }
    return worst;
  }

  @Test
  void aListenerHearsEverySampleWithItsLoopAndTheBlockItMeasured() {
    java.util.Map<Integer, Long> worstByLoop = new java.util.concurrent.ConcurrentHashMap<>();
    gv.guard.loopGuard().listen((loop, firedNanos, lateNanos) -> {
      assertTrue(firedNanos <= System.nanoTime());
      worstByLoop.merge(loop, lateNanos, Math::max);
    });
    for (int i = 0; i < 4; i++) {
      spin(gv.vertx.getOrCreateContext(), 300);
    }
    await(Poll.untilTrue(gv.vertx, "a sample from every loop, one of them 200 ms late", () ->
        worstByLoop.size() == 4 && worstByLoop.values().stream().anyMatch(n -> n >= 200_000_000L)));
    assertEquals(java.util.Set.of(0, 1, 2, 3), worstByLoop.keySet(),
        "loop indexes as in social_eventloop_lag_seconds{loop}");
    gv.guard.loopGuard().listen(null);
  }

  @Test
  void aListenerThatFailsIsSaidOnceAndEveryProbeGoesOn() {
    try (LogCapture probeLog = LogCapture.of("dev.perocore.social.guard.EventLoopLagProbe")) {
      java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
      gv.guard.loopGuard().listen((loop, firedNanos, lateNanos) -> {
        calls.incrementAndGet();
        throw new IllegalStateException("a listener's bug");
      });
      await(Poll.untilTrue(gv.vertx, "the listener failed on every loop a few times",
          () -> calls.get() >= 12));
      gv.guard.loopGuard().listen(null);
      long[] before = gv.registry.find("social.eventloop.lag").timers().stream()
          .mapToLong(io.micrometer.core.instrument.Timer::count).toArray();
      await(Poll.untilTrue(gv.vertx, "every loop's probe still samples", () -> {
        long[] now = gv.registry.find("social.eventloop.lag").timers().stream()
            .mapToLong(io.micrometer.core.instrument.Timer::count).toArray();
        for (int i = 0; i < now.length; i++) {
          if (now[i] <= before[i]) {
            return false;
          }
        }
        return true;
      }));
      assertEquals(1, probeLog.lines().stream().filter(l -> l.contains("a lag listener failed"))
          .count(), probeLog.lines().toString());
    }
  }

  @Test
  void aBlockedWorkerIsCountedAsWorker() {
    gv.vertx.executeBlocking(() -> {
      long end = System.nanoTime() + Duration.ofMillis(700).toNanos();
      while (System.nanoTime() < end) {
        spins++;
      }
      return null;
    });
    await(Poll.untilTrue(gv.vertx, "worker block counted",
        () -> gv.counter("social.loop.blocked.episodes", "thread_kind", "worker") >= 1));
  }
}
