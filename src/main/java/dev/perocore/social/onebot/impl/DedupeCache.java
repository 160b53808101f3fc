package dev.perocore.social.onebot.impl;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Remembers recently passed-on keys — (self_id, message_id) — so a redelivery (after a reconnect,
 * or two connections of one bot overlapping) is passed on once. Bounded twice: by count (oldest
 * forgotten first) and by age. Lock-free: connections on different event loops share it.
 */
public final class DedupeCache {

  private final LongSupplier nanoTime;
  private final long windowNanos;
  private final int maxSize;
  private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  public DedupeCache(Duration window, int maxSize) {
    this(window, maxSize, System::nanoTime);
  }

  /** With the monotonic clock ({@code System::nanoTime} in production) that ages entries. */
  public DedupeCache(Duration window, int maxSize, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.windowNanos = window.toNanos();
    this.maxSize = Math.max(1, maxSize);
  }

  /** True the first time {@code key} is seen within the window; false for a duplicate. */
  public boolean firstTime(String key) {
    long now = nanoTime.getAsLong();
    evict(now);
    Long earlier = seen.putIfAbsent(key, now);
    if (earlier != null) {
      if (now - earlier <= windowNanos) {
        return false;
      }
      // Remembered but older than the window (eviction not yet reached it): a new delivery.
      if (!seen.replace(key, earlier, now)) {
        return false;
      }
    }
    order.add(new Entry(key, now));
    size.incrementAndGet();
    evict(now);
    return true;
  }

  public int size() {
    return seen.size();
  }

  private void evict(long now) {
    while (true) {
      Entry head = order.peek();
      if (head == null || (size.get() <= maxSize && now - head.at <= windowNanos)) {
        return;
      }
      if (order.remove(head)) {
        size.decrementAndGet();
        seen.remove(head.key, head.at);
      }
    }
  }

  private record Entry(String key, long at) {}
}
