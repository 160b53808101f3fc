package dev.perocore.social.onebot.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The gateway's small parts: token extraction (the backoff: guard.BackoffTest). */
class BuildingBlocksTest {

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
