package dev.perocore.social.brain.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void secondsAndHttpDatesAreWaitsFromNow() {
    assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", NOW));
    assertEquals(Optional.of(Duration.ofSeconds(90)),
        RetryAfter.parse("Tue, 01 Jan 2030 00:01:30 GMT", NOW));
  }

  @Test
  void nothingUsableSaysNothing() {
    for (String useless : new String[] {null, "", "  ", "0", "-5", "soon", "1.5",
        "Mon, 31 Dec 2029 23:59:00 GMT"}) {
      assertEquals(Optional.empty(), RetryAfter.parse(useless, NOW), String.valueOf(useless));
    }
  }

  @Test
  void aHugeWaitIsCapped() {
    assertEquals(Optional.of(RetryAfter.MAX), RetryAfter.parse("86400", NOW));
    assertEquals(Optional.of(RetryAfter.MAX),
        RetryAfter.parse("99999999999999999999999999", NOW));
    assertEquals(Optional.of(RetryAfter.MAX), RetryAfter.parse("Fri, 01 Jan 2100 00:00:00 GMT",
        NOW));
  }
}
