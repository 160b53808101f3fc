package dev.perocore.social.guard;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A logger front that writes at most one line per key and period, and says how many it held back.
 *
 * <p>A flood of identical warnings (a peer sending garbage, a database locked for a minute) would
 * otherwise drown the one line that explains it, and cost the event loop its time. Keys must be
 * low-cardinality (a kind, a reason), never a user id.
 */
public final class RateLimitedLog {

  private final Logger log;
  private final long periodNanos;
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  public RateLimitedLog(Logger log, Duration period) {
    this.log = log;
    this.periodNanos = period.toNanos();
  }

  public void warn(String key, String format, Object... args) {
    write(Level.WARN, key, format, args);
  }

  public void error(String key, String format, Object... args) {
    write(Level.ERROR, key, format, args);
  }

  public void info(String key, String format, Object... args) {
    write(Level.INFO, key, format, args);
  }

  /** Logs unless a line with this key was written less than a period ago; returns whether it did. */
  public boolean write(Level level, String key, String format, Object... args) {
    Window window = windows.computeIfAbsent(key, k -> new Window());
    long now = System.nanoTime();
    long last = window.lastNanos.get();
    if (last != Long.MIN_VALUE && now - last < periodNanos) {
      window.suppressed.incrementAndGet();
      return false;
    }
    if (!window.lastNanos.compareAndSet(last, now)) {
      window.suppressed.incrementAndGet();
      return false;
    }
    long held = window.suppressed.getAndSet(0);
    String line = held == 0 ? format : format + " (" + held + " similar lines held back)";
    log.atLevel(level).log(line, args);
    return true;
  }

  /**
   * Logs now whatever the period (the last line of an episode), saying how many were held back
   * since the key's last line; the period starts again from here.
   */
  public void always(Level level, String key, String format, Object... args) {
    Window window = windows.computeIfAbsent(key, k -> new Window());
    window.lastNanos.set(System.nanoTime());
    long held = window.suppressed.getAndSet(0);
    log.atLevel(level).log(held == 0 ? format : format + " (" + held + " similar lines held back)",
        args);
  }

  private static final class Window {
    final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }
}
