package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.SendRate;

/**
 * A token bucket holding up to {@code permits} tokens (the burst), refilled one token every
 * {@code per / permits}. Not thread-safe: each is used on the gateway's context only.
 */
final class TokenBucket {

  private final int capacity;
  private final long nanosPerToken;
  private double tokens;
  private long refilledAt;

  TokenBucket(SendRate rate, long now) {
    this.capacity = rate.permits();
    this.nanosPerToken = rate.nanosPerPermit();
    this.tokens = capacity;
    this.refilledAt = now;
  }

  boolean hasToken(long now) {
    refill(now);
    return tokens >= 1.0;
  }

  void take(long now) {
    refill(now);
    tokens -= 1.0;
  }

  /** Nanoseconds until a token is available (0 if one is). */
  long nanosUntilToken(long now) {
    refill(now);
    return tokens >= 1.0 ? 0 : (long) Math.ceil((1.0 - tokens) * nanosPerToken);
  }

  /** Whether the bucket is full again (it can then be forgotten). */
  boolean isFull(long now) {
    refill(now);
    return tokens >= capacity;
  }

  private void refill(long now) {
    long elapsed = now - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + (double) elapsed / nanosPerToken);
      refilledAt = now;
    }
  }
}
