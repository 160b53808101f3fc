package dev.perocore.social.guard;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;

/**
 * Watches every Vert.x thread for blocking: Vert.x's blocked-thread checker reports into {@link
 * BlockedThreadMonitor} (replacing its plain warning with metrics, episodes and a stack), and an
 * {@link EventLoopLagProbe} runs on each event loop.
 *
 * <p>{@link #eventLoopBlockedNow()} answers the liveness check: how long an event loop has been
 * stuck right now, as the longer of the checker's report and the most overdue probe.
 */
public final class LoopGuard {

  private final BlockedThreadMonitor monitor;
  private final EventLoopLagProbe lagProbe;
  private final long lagProbeIntervalNanos;

  private LoopGuard(BlockedThreadMonitor monitor, EventLoopLagProbe lagProbe, Duration lagProbe2) {
    this.monitor = monitor;
    this.lagProbe = lagProbe;
    this.lagProbeIntervalNanos = lagProbe2.toNanos();
  }

  /**
   * Installs the blocked-thread handler on {@code vertx} (internal API of Vert.x 5.0) and starts a
   * lag probe on every event loop. The checker's own interval and limits come from the
   * VertxOptions the instance was built with; {@code config} should match them.
   */
  public static LoopGuard install(Vertx vertx, MeterRegistry registry, GuardConfig config) {
    // No public API replaces the checker's handler (its default only logs a warning).
    VertxInternal internal = (VertxInternal) vertx;
    BlockedThreadMonitor monitor =
        new BlockedThreadMonitor(registry, config.blockedCheckInterval());
    internal.blockedThreadChecker().setThreadBlockedHandler(monitor::onBlocked);
    EventLoopLagProbe probe =
        new EventLoopLagProbe(internal, registry, config.lagProbeInterval());
    return new LoopGuard(monitor, probe, config.lagProbeInterval());
  }

  /** How long an event loop has been blocked right now; zero when none is. */
  public Duration eventLoopBlockedNow() {
    long checker = monitor.blockedNowNanos(ThreadKind.EVENT_LOOP);
    // A probe a little late is ordinary lag; only count it once it is a full interval overdue.
    long overdue = lagProbe.overdueNanos();
    long probe = overdue > lagProbeIntervalNanos ? overdue : 0;
    return Duration.ofNanos(Math.max(checker, probe));
  }

  /** How long a worker thread has been blocked right now; zero when none is. */
  public Duration workerBlockedNow() {
    return Duration.ofNanos(monitor.blockedNowNanos(ThreadKind.WORKER));
  }

  /** The largest event-loop lag measured since the previous call. */
  public Duration takeMaxLag() {
    return Duration.ofNanos(lagProbe.takeMaxLagNanos());
  }

  /** Every lag sample from now on also goes to {@code listener}; null stops it. */
  public void listen(LagListener listener) {
    lagProbe.listen(listener);
  }

  public void stop() {
    lagProbe.stop();
  }
}
