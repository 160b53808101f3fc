package dev.perocore.social.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LagSamplesTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** The loop thread's CPU clock, as each sample reads it. */
  private final Deque<Long> cpu = new ArrayDeque<>();
  private final LagSamples samples = new LagSamples(Duration.ofMillis(10), () -> cpu.removeFirst());

  private void sample(int loop, long firedMs, long lateMs, long cpuMs) {
    cpu.addLast(cpuMs * MS);
    samples.sampled(loop, firedMs * MS, lateMs * MS);
  }

  @Test
  void aLateSampleIsTheCollectorsTheLoopsOrTheMachines() {
    sample(0, 0, 0, 100);
    // 30 ms late after 5 ms of CPU in the 40 ms since the last sample: off a core most of it.
    sample(0, 40, 30, 105);
    // 20 ms late after 30 ms of CPU: the loop may have been running all along.
    sample(0, 70, 20, 135);
    // 15 ms late, in a pause: the collector's, whatever the CPU says.
    sample(0, 95, 15, 136);
    // On time: not counted at all.
    sample(0, 105, 0, 140);

    String summary = samples.summary((from, to) -> from <= 95 * MS && to >= 80 * MS);

    assertEquals("3 of 5 samples over 10 ms (1 of them in a GC pause, 1 with the loop not"
        + " running, 1 with it running), 0 over 50 ms (0)", summary);
  }

  @Test
  void eachLoopIsMeasuredAgainstItsOwnThreadsClock() {
    sample(0, 0, 0, 1_000);
    sample(1, 0, 0, 10);
    // Loop 1's thread ran 30 ms since its own last sample (not loop 0's, 980 ms behind it).
    sample(1, 40, 25, 40);
    // Loop 0's ran 2 ms: waiting.
    sample(0, 40, 25, 1_002);

    String summary = samples.summary((from, to) -> false);

    assertTrue(summary.startsWith("2 of 4 samples over 10 ms (0 of them in a GC pause,"
        + " 1 with the loop not running, 1 with it running)"), summary);
  }

  @Test
  void withoutACpuClockNothingIsGuessed() {
    LagSamples blind = new LagSamples(Duration.ofMillis(10), () -> -1);
    for (long late : List.of(0L, 20L, 60L)) {
      blind.sampled(0, 100 * MS, late * MS);
    }

    assertEquals("2 of 3 samples over 10 ms (0 of them in a GC pause, 0 with the loop not"
        + " running, 0 with it running, 2 unknown), 1 over 50 ms (0)",
        blind.summary((from, to) -> false));
  }

  @Test
  void eachLoopsP99CountsTheTicksItsLateProbeMissed() {
    // Loop 0, probed every 10 ms: 99 samples 1 ms late and one 35 ms late. That probe missed the
    // ticks that would have found the loop 25 and 15 ms behind (and one 5 ms behind, under a
    // period: not counted, as in HdrHistogram): 102 ticks, and the 101st smallest (99 %) is 25 ms.
    // Uncorrected, the p99 would be 1 ms.
    for (int i = 0; i < 99; i++) {
      cpu.addLast(0L);
      samples.sampled(0, i * 10 * MS, MS);
    }
    cpu.addLast(0L);
    samples.sampled(0, 2_000 * MS, 35 * MS);
    cpu.addLast(0L);
    samples.sampled(1, 0, 7 * MS);

    assertEquals("p99 25.0 ms, max 35.0 ms (ticks: 102, 2 filled in; uncorrected p99 1.0 ms)",
        samples.quantiles(0));
    assertEquals("p99 7.0 ms, max 7.0 ms (ticks: 1, 0 filled in; uncorrected p99 7.0 ms)",
        samples.quantiles(1));
    assertEquals("n/a (ticks: 0)", samples.quantiles(2));
  }

  @Test
  void aLateSampleStandsForTheTicksItsProbeMissed() {
    long tenMs = 10 * MS;
    assertArrayEquals(new long[] {0, 15 * MS, 25 * MS},
        LagSamples.withMissedTicks(new long[] {0, 25 * MS}, tenMs));
    // Exactly two periods late: the tick between saw one period.
    assertArrayEquals(new long[] {tenMs, 2 * tenMs},
        LagSamples.withMissedTicks(new long[] {2 * tenMs}, tenMs));
    // Under two periods: nothing missed that would have been a period behind.
    assertArrayEquals(new long[] {3 * MS, 19 * MS},
        LagSamples.withMissedTicks(new long[] {19 * MS, 3 * MS}, tenMs));
  }

  @Test
  void nearestRankIsTheSmallestValueWithQOfTheValuesAtOrUnderIt() {
    long[] hundred = new long[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = i + 1;
    }
    assertEquals(99, LagSamples.nearestRank(hundred, 0.99));
    assertEquals(100, LagSamples.nearestRank(hundred, 1.0));
    assertEquals(1, LagSamples.nearestRank(hundred, 0.0));
    assertEquals(5, LagSamples.nearestRank(new long[] {5}, 0.99));
  }
}
