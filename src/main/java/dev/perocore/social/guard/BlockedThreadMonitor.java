package dev.perocore.social.guard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
// Internal API: the checker reports only this type, and only to an internal hook (see LoopGuard).
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Vert.x's blocked-thread events and turns them into metrics, episodes and a log line with
 * the blocked thread's stack.
 *
 * <p>The checker fires once per check interval for as long as a thread stays blocked, reporting how
 * long the current task has run. Reports belong to one episode when they point at the same task
 * start ({@code now - duration}); comparing starts rather than report times keeps one long block
 * one episode even when a loaded machine runs the checker's timer late. Runs on the checker's own
 * timer thread, never on an event loop.
 */
final class BlockedThreadMonitor {

  private static final Logger LOG = LoggerFactory.getLogger("dev.perocore.social.guard.LoopGuard");

  private final long checkIntervalNanos;
  private final long sameStartTolerance;
  private final Map<Thread, BlockState> threads = new ConcurrentHashMap<>();
  private final Map<ThreadKind, Counter> events = new EnumMap<>(ThreadKind.class);
  private final Map<ThreadKind, Counter> episodes = new EnumMap<>(ThreadKind.class);
  private final RateLimitedLog stackLog;

  BlockedThreadMonitor(MeterRegistry registry, Duration checkInterval) {
    this.checkIntervalNanos = checkInterval.toNanos();
    this.sameStartTolerance = Math.max(2_000_000L, checkIntervalNanos / 4);
    this.stackLog = new RateLimitedLog(LOG, Duration.ofSeconds(5));
    for (ThreadKind kind : ThreadKind.values()) {
      events.put(kind, Counter.builder("social.loop.blocked.events")
          .description("Blocked-thread checker reports (one per check interval while blocked)")
          .tag("thread_kind", kind.label())
          .register(registry));
      episodes.put(kind, Counter.builder("social.loop.blocked.episodes")
          .description("Distinct blocking episodes")
          .tag("thread_kind", kind.label())
          .register(registry));
      Gauge.builder("social.loop.blocked.seconds.max", this, m -> m.blockedNowNanos(kind) / 1e9)
          .description("Longest block of this thread kind going on now, in seconds (0 if none)")
          .tag("thread_kind", kind.label())
          .strongReference(true)
          .register(registry);
    }
  }

  void onBlocked(BlockedThreadEvent event) {
    Thread thread = event.thread();
    ThreadKind kind = ThreadKind.of(thread);
    long now = System.nanoTime();
    long duration = event.duration();
    long start = now - duration;
    BlockState previous = threads.get(thread);
    // Two distinct tasks start at least one max-execute time apart; jitter is microseconds.
    boolean newEpisode =
        previous == null || Math.abs(start - previous.startNanos()) > sameStartTolerance;
    threads.put(thread, new BlockState(kind, duration, now, start));
    events.get(kind).increment();
    if (newEpisode) {
      episodes.get(kind).increment();
    }
    String key = kind.label() + (newEpisode ? ":start" : ":ongoing");
    if (newEpisode) {
      Throwable where = new BlockedThreadStack(thread);
      if (!stackLog.write(org.slf4j.event.Level.WARN, key,
          "Thread {} ({}) blocked for {} ms, limit {} ms; its stack:", thread.getName(),
          kind.label(), TimeUnit.NANOSECONDS.toMillis(duration),
          TimeUnit.NANOSECONDS.toMillis(event.maxExecTime()), where)) {
        return;
      }
    } else {
      stackLog.warn(key + ":" + thread.getName(), "Thread {} ({}) still blocked: {} ms",
          thread.getName(), kind.label(), TimeUnit.NANOSECONDS.toMillis(duration));
    }
  }

  /** Length of the longest block of this kind still going on, or 0. */
  long blockedNowNanos(ThreadKind kind) {
    long now = System.nanoTime();
    long longest = 0;
    for (BlockState state : threads.values()) {
      long sinceReport = now - state.reportedAtNanos;
      // No report for more than two intervals means the thread has got free.
      if (state.kind == kind && sinceReport <= 2 * checkIntervalNanos) {
        longest = Math.max(longest, state.durationNanos + sinceReport);
      }
    }
    return longest;
  }

  private record BlockState(ThreadKind kind, long durationNanos, long reportedAtNanos,
      long startNanos) {}

  /** Carries the blocked thread's stack into the log line; not an error of ours. */
  private static final class BlockedThreadStack extends RuntimeException {
    BlockedThreadStack(Thread thread) {
      super("stack of " + thread.getName(), null, false, true);
      setStackTrace(thread.getStackTrace());
    }
  }
}
