package dev.perocore.social.onebot.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The gateway's small parts: dedupe bounds, token extraction (the backoff: guard.BackoffTest). */
class BuildingBlocksTest {

  @Test
  void dedupeRemembersWithinItsWindowAndSize() {
    DedupeCache cache = new DedupeCache(Duration.ofMinutes(10), 3);
    assertTrue(cache.firstTime("1:a"));
    assertFalse(cache.firstTime("1:a"));
    assertTrue(cache.firstTime("2:a"), "same message id, other bot");
    assertTrue(cache.firstTime("1:b"));
    assertTrue(cache.firstTime("1:c")); // evicts the oldest, 1:a
    assertEquals(3, cache.size());
    assertTrue(cache.firstTime("1:a"), "forgotten once the cache is full");
  }

  @Test
  void dedupeForgetsAfterItsWindow() {
    AtomicLong nanos = new AtomicLong(Duration.ofHours(1).toNanos());
    DedupeCache cache = new DedupeCache(Duration.ofMillis(1), 100, nanos::get);
    assertTrue(cache.firstTime("1:a"));
    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertFalse(cache.firstTime("1:a"), "still within the window");
    nanos.addAndGet(Duration.ofMillis(5).toNanos());
    assertTrue(cache.firstTime("1:a"));
    assertEquals(1, cache.size());
  }

  @Test
  void tokensAreReadFromEitherHeaderFormOrTheQuery() {
    assertEquals(Optional.of("t"), AccessTokenCheck.presented("Bearer t", null));
    assertEquals(Optional.of("t"), AccessTokenCheck.presented("bearer   t ", null));
    assertEquals(Optional.of("t"), AccessTokenCheck.presented("Token t", null));
    assertEquals(Optional.of("q"), AccessTokenCheck.presented(null, "q"));
    assertEquals(Optional.of("q"), AccessTokenCheck.presented("Basic abc", "q"));
    assertEquals(Optional.empty(), AccessTokenCheck.presented("Basic abc", null));
  }
}
