package dev.perocore.social.guard;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.ThreadingModel;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A timer on every event loop that measures how late it fires: {@code
 * social_eventloop_lag_seconds{loop}}.
 *
 * <p>Lag is what every callback on that loop waits extra, so it shows slow handlers long before
 * the blocked-thread checker's limit. Each probe also knows how overdue its next tick is, which
 * tells from any other thread that a loop is stuck right now — without relying on the checker.
 *
 * <p>A stall also counts the ticks it made the probe miss. The timer re-arms only once it ran, so
 * a loop stuck for L gives one sample of L whatever the period I, while the time it runs on
 * schedule gives one sample per period: a loop stuck 1 s in every 10 s would be one slow sample in
 * a hundred, under EventLoopLagHigh's p99, though a tenth of all its callbacks waited. So a late
 * sample is followed by what the missed ticks would have found, L - I, L - 2I, ... down to I (as
 * HdrHistogram's {@code recordValueWithExpectedInterval}); the listener still hears the sample
 * alone.
 */
final class EventLoopLagProbe {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoopLagProbe.class);
  /**
   * Most missed ticks counted for one late sample, recorded on the loop that just stalled: a
   * stall that long (100 s at the default 100 ms) is the blocked-thread checker's to report.
   */
  static final int MAX_MISSED = 1_000;

  private final VertxInternal vertx;
  private final long intervalNanos;
  private final List<Probe> probes = new ArrayList<>();
  private volatile boolean stopped;
  private volatile LagListener listener;
  /** The listener whose failure was logged (each is said once). */
  private final java.util.concurrent.atomic.AtomicReference<LagListener> listenerFailed =
      new java.util.concurrent.atomic.AtomicReference<>();

  EventLoopLagProbe(VertxInternal vertx, MeterRegistry registry, Duration interval) {
    this.vertx = vertx;
    this.intervalNanos = interval.toNanos();
    int index = 0;
    // Internal API (no public one): the list of event loops, a context pinned to each, and a
    // timer on that context (see VertxInternals).
    for (EventExecutor executor : vertx.nettyEventLoopGroup()) {
      ContextInternal context = vertx.contextBuilder()
          .withThreadingModel(ThreadingModel.EVENT_LOOP)
          .withEventLoop((EventLoop) executor)
          .build();
      Timer lag = Timer.builder("social.eventloop.lag")
          .description("How late the lag probe's timer fired on each event loop")
          .tag("loop", Integer.toString(index++))
          .serviceLevelObjectives(
              Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
              Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50),
              Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
              Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
              Duration.ofSeconds(10))
          .distributionStatisticExpiry(Duration.ofMinutes(1))
          .register(registry);
      probes.add(new Probe(index - 1, context, lag));
    }
    probes.forEach(probe -> probe.context.runOnContext(v -> probe.schedule()));
  }

  /** How long past its due time the most overdue probe is now: a lower bound of a current block. */
  long overdueNanos() {
    long now = System.nanoTime();
    long worst = 0;
    for (Probe probe : probes) {
      long due = probe.scheduledAt + intervalNanos;
      worst = Math.max(worst, now - due);
    }
    return worst;
  }

  /** Largest lag measured by any probe since the last call; for tests and the demo view. */
  long takeMaxLagNanos() {
    long worst = 0;
    for (Probe probe : probes) {
      worst = Math.max(worst, probe.maxSinceTaken);
      probe.maxSinceTaken = 0;
    }
    return worst;
  }

  void stop() {
    stopped = true;
  }

  /** From now on every sample also goes to {@code listener} (null: none), on the probe's loop. */
  void listen(LagListener listener) {
    this.listener = listener;
  }

  /**
   * Hands {@code record} what the ticks a probe {@code lateNanos} late missed would have measured:
   * {@code lateNanos - interval}, {@code - 2 * interval}, ... down to one interval, at most {@link
   * #MAX_MISSED} of them. Returns how many.
   */
  static int missedTicks(long lateNanos, long intervalNanos, LongConsumer record) {
    int n = 0;
    for (long missed = lateNanos - intervalNanos; missed >= intervalNanos && n < MAX_MISSED;
        missed -= intervalNanos) {
      record.accept(missed);
      n++;
    }
    return n;
  }

  private final class Probe {
    final int loop;
    final ContextInternal context;
    final Timer lag;
    volatile long scheduledAt = System.nanoTime();
    volatile long maxSinceTaken;

    Probe(int loop, ContextInternal context, Timer lag) {
      this.loop = loop;
      this.context = context;
      this.lag = lag;
    }

    void schedule() {
      if (stopped) {
        return;
      }
      scheduledAt = System.nanoTime();
      context.setTimer(TimeUnit.NANOSECONDS.toMillis(intervalNanos), id -> fired());
    }

    void fired() {
      long now = System.nanoTime();
      long late = Math.max(0, now - scheduledAt - intervalNanos);
      lag.record(late, TimeUnit.NANOSECONDS);
      missedTicks(late, intervalNanos, missed -> lag.record(missed, TimeUnit.NANOSECONDS));
      if (late > maxSinceTaken) {
        maxSinceTaken = late;
      }
      LagListener heard = listener;
      if (heard != null) {
        try {
          heard.sampled(loop, now, late);
        } catch (RuntimeException e) {
          // Not up to Vert.x: thrown from here it would skip schedule() and stop this loop's
          // probe, and with it the lag alerts, for good. Said once per listener.
          if (listenerFailed.compareAndSet(null, heard)) {
            LOG.warn("lag probe: a lag listener failed (further failures of it not logged): {}",
                String.valueOf(e));
          }
        }
      }
      schedule();
    }
  }
}
