package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.LimitReason;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of unfinished fragmented messages held by all connections, and the two caps on them
 * ({@code onebot.max_pending_bytes_per_connection}, {@code onebot.max_pending_bytes_total}).
 * Lock-free: connections on every event loop reserve and release here.
 */
public final class PendingBytes {

  private final long perConnection;
  private final long total;
  private final AtomicLong held = new AtomicLong();

  public PendingBytes(long perConnection, long total) {
    this.perConnection = perConnection;
    this.total = total;
  }

  /**
   * Reserves {@code more} bytes for a connection that already holds {@code connectionHeld}; on
   * refusal nothing is reserved and the cap that refused is returned.
   */
  Optional<LimitReason> reserve(long connectionHeld, long more) {
    if (connectionHeld + more > perConnection) {
      return Optional.of(LimitReason.PENDING_BYTES);
    }
    while (true) {
      long now = held.get();
      if (now + more > total) {
        return Optional.of(LimitReason.PENDING_BYTES_TOTAL);
      }
      if (held.compareAndSet(now, now + more)) {
        return Optional.empty();
      }
    }
  }

  void release(long bytes) {
    if (bytes > 0) {
      held.addAndGet(-bytes);
    }
  }

  /** Bytes held now by every connection together. */
  public long held() {
    return held.get();
  }

  public long total() {
    return total;
  }

  long perConnection() {
    return perConnection;
  }
}
