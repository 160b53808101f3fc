package dev.perocore.social.brain.impl;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (RFC 9110 10.2.3): delay-seconds or an HTTP date. A value
 * that is missing, malformed, zero or in the past says nothing; a very long one is capped, so a
 * provider cannot switch itself off for days by one header (its circuit still guards it).
 */
final class RetryAfter {

  /** The longest a provider is skipped for one Retry-After. */
  static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /** How long to wait from {@code now}, if the header says so. */
  static Optional<Duration> parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String text = header.trim();
    Duration wait;
    if (text.chars().allMatch(Character::isDigit)) {
      try {
        wait = Duration.ofSeconds(Long.parseLong(text));
      } catch (NumberFormatException | ArithmeticException tooLong) {
        wait = MAX;
      }
    } else {
      try {
        Instant until = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wait = Duration.between(now, until);
      } catch (DateTimeParseException malformed) {
        return Optional.empty();
      }
    }
    if (wait.isNegative() || wait.isZero()) {
      return Optional.empty();
    }
    return Optional.of(wait.compareTo(MAX) > 0 ? MAX : wait);
  }
}
