package dev.perocore.social.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One backoff for every retry loop; each user's delays are pinned to its former formula. */
class BackoffTest {

  @Test
  void jitteredGrowsWithinItsUpperHalfUpToItsCeilingAndStartsOverAtRetryZero() {
    // The forward connector's reconnects: reconnect_min, then doubling with jitter, to reconnect_max.
    Backoff backoff = Backoff.jittered(Duration.ofMillis(100), Duration.ofMillis(1000));
    int retry = 0;
    assertEquals(100, backoff.delayMillis(retry++), "the first retry waits reconnect_min");
    long second = backoff.delayMillis(retry++);
    assertTrue(second >= 100 && second <= 200, "second " + second);
    for (int i = 0; i < 40; i++) {
      long d = backoff.delayMillis(retry++);
      assertTrue(d >= 100 && d <= 1000, "delay " + d);
    }
    long capped = backoff.delayMillis(retry);
    assertTrue(capped >= 500, "capped delays stay near the ceiling: " + capped);
    assertEquals(100, backoff.delayMillis(0), "a new streak starts over");
  }

  @Test
  void jitteredMatchesTheFormerReconnectBackoff() {
    long[][] minMax = {{100, 1000}, {1, 1}, {0, 0}, {3, 7}, {250, 60_000}, {1000, 1000}};
    for (long[] mm : minMax) {
      Backoff backoff = Backoff.jittered(Duration.ofMillis(mm[0]), Duration.ofMillis(mm[1]));
      for (int retry = 0; retry < 70; retry++) {
        long[] range = formerReconnect(mm[0], mm[1], retry);
        for (int draw = 0; draw < 5; draw++) {
          long d = backoff.delayMillis(retry);
          assertTrue(d >= range[0] && d <= range[1],
              mm[0] + ".." + mm[1] + " retry " + retry + ": " + d + " outside " + range[0] + ".."
                  + range[1]);
        }
      }
    }
  }

  @Test
  void exponentialMatchesTheStoreWritersBusyRetries() {
    // Writer.backoffMillis: 10 ms << attempt (exponent at most 16), within 1 ms .. retry_backoff_max.
    for (long max : new long[] {0, 1, 5, 10, 11, 80, 1000, 60_000}) {
      Backoff backoff = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(max));
      for (int attempt = 0; attempt < 100; attempt++) {
        long former = Math.max(1, Math.min(10L << Math.min(attempt, 16), max));
        assertEquals(former, backoff.delayMillis(attempt), "max " + max + " attempt " + attempt);
      }
    }
  }

  @Test
  void exponentialMatchesTheLlmRetries() {
    // LlmBrain.backoff: max(1 ms, retry_delay) << retry (exponent at most 20), at most 30 s.
    for (long delay : new long[] {0, 1, 7, 500, 29_999, 30_000, 45_000, 60_000}) {
      Backoff backoff = Backoff.exponential(Duration.ofMillis(delay), Duration.ofSeconds(30));
      for (int retry = 0; retry < 100; retry++) {
        long former = Math.min(30_000, Math.max(1, delay) << Math.min(retry, 20));
        assertEquals(former, backoff.delayMillis(retry), "retry_delay " + delay + " retry " + retry);
      }
    }
  }

  @Test
  void hugeRetryCountsNeitherOverflowNorLoopLong() {
    Backoff backoff = Backoff.exponential(Duration.ofMillis(3), Duration.ofMillis(Long.MAX_VALUE));
    assertEquals(Long.MAX_VALUE, backoff.delayMillis(Integer.MAX_VALUE));
    assertEquals(3L << 40, backoff.delayMillis(40));
  }

  /** The range of the former onebot.impl.Backoff's delay after {@code failures} failures. */
  private static long[] formerReconnect(long min, long max, int failures) {
    long minMs = Math.max(1, min);
    long maxMs = Math.max(minMs, max);
    long ceiling = minMs;
    for (int i = 0; i < failures && ceiling < maxMs; i++) {
      ceiling = Math.min(maxMs, ceiling * 2);
    }
    return new long[] {Math.max(minMs, ceiling / 2), ceiling};
  }
}
