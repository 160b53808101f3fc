package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.Backpressure;
import dev.perocore.social.guard.LoopBacklog;
import dev.perocore.social.guard.RateLimitedLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backpressure from the store to the sockets: while the signal the app hands over (the store's
 * write queue above {@code store.queue_high_water}) is engaged, every OneBot connection stops
 * reading, so a burst waits in the peer's socket buffers rather than in our heap or a refusal;
 * below {@code store.queue_low_water} they read again.
 *
 * <p>Why this cannot deadlock: the writer drains its queue on its own, and no write in it waits
 * for anything read from a socket (an action's answer, a heartbeat); so the queue always falls to
 * low-water and the sockets always resume. What a paused socket delays (action responses,
 * heartbeats) is read right after; the watchdog neither closes a paused connection as
 * unresponsive nor calls its bot silent, and counts both from the resume.
 *
 * <p>The same at a finer grain for the event loops: a connection's next read waits while any loop
 * has more than {@code onebot.read_backlog_max} tasks queued ({@link #loopsBehind}), since every
 * message read becomes work on a session shard's loop and its timers run behind that work.
 *
 * <p>Metrics: {@code social_onebot_paused_seconds_total} (time the sockets were held paused),
 * {@code social_onebot_backpressure_pauses_total} and {@code social_onebot_read_waits_total}.
 * The log says a pause at most once a minute (INFO: a burst's rhythm is dozens a second), and a
 * pause of {@link #LONG_PAUSE} or more when it ends (WARN, also at most once a minute, with the
 * count held back: the queue stayed above low-water that long), so an operator reading the log
 * during a slow store sees why messages come in late.
 */
public final class SocketPause {

  private static final Logger LOG = LoggerFactory.getLogger(SocketPause.class);
  /** A pause this long is not a burst waiting its turn but a store that stopped draining. */
  static final Duration LONG_PAUSE = Duration.ofSeconds(2);

  private volatile Backpressure signal = Backpressure.never();
  private volatile LoopBacklog loops = LoopBacklog.never();
  private volatile BotRegistry bots;
  private final Counter loopWaits;
  private final RateLimitedLog log = new RateLimitedLog(LOG, Duration.ofMinutes(1));

  public SocketPause(MeterRegistry registry) {
    FunctionCounter.builder("social.onebot.paused.seconds", this,
            p -> p.signal.engagedSeconds())
        .description("Time the OneBot sockets were paused because the store fell behind")
        .baseUnit("seconds")
        .register(registry);
    FunctionCounter.builder("social.onebot.backpressure.pauses", this,
            p -> p.signal.engagements())
        .description("Times the OneBot sockets were paused because the store fell behind")
        .register(registry);
    loopWaits = Counter.builder("social.onebot.read.waits")
        .description("Reads of a OneBot socket put off for a millisecond because an event loop"
            + " had more tasks waiting than onebot.read_backlog_max")
        .register(registry);
  }

  /** Gates reading on {@code backlog} from now on; call once, before connections open. */
  public void followLoops(LoopBacklog backlog) {
    loops = backlog;
  }

  /**
   * Whether a connection should put its next read off (and counts it): some event loop is
   * behind. Unlike the store's signal this clears on its own within milliseconds, as the loops
   * work their queues off, so a reader asks again on a short timer instead of being called back.
   */
  boolean loopsBehind() {
    if (loops.behind()) {
      loopWaits.increment();
      return true;
    }
    return false;
  }

  /** Follows {@code pressure} from now on; call once, before connections open. */
  public void follow(Backpressure pressure) {
    signal = pressure;
    pressure.onChange(this::changed);
    pressure.onRelease(this::released);
  }

  /** The connections and bots to pause; set when the gateway starts. */
  public void attach(BotRegistry registry) {
    bots = registry;
  }

  /** Whether sockets should be paused now. */
  public boolean engaged() {
    return signal.engaged();
  }

  /** Runs on whichever thread changed the signal: only schedules work on each connection's loop. */
  private void changed() {
    BotRegistry registry = bots;
    if (registry == null) {
      return;
    }
    boolean held = signal.engaged();
    for (OneBotConnection connection : registry.openConnections()) {
      connection.pressureChanged();
    }
    if (!held) {
      long now = System.nanoTime();
      for (Bot bot : registry.bots()) {
        bot.countSilenceFrom(now);
      }
    } else {
      log.info("paused", "OneBot sockets paused: more than {} writes wait for SQLite"
              + " (store.queue_high_water); reading resumes at {} (store.queue_low_water). The"
              + " burst waits in NapCat and the socket buffers, nothing is refused (said at most"
              + " once a minute; social_onebot_paused_seconds_total counts the time)",
          signal.high(), signal.low());
    }
  }

  /** Once per pause, with its length, on the thread that let go. */
  private void released(long pausedNanos) {
    if (pausedNanos >= LONG_PAUSE.toNanos() && bots != null) {
      log.warn("long", "OneBot sockets read again after {} s paused: the store's queue stayed"
              + " above store.queue_low_water that long (slow disk, a lock held by another"
              + " process, or a checkpoint fighting a long reader); meanwhile messages waited in"
              + " NapCat", String.format(Locale.ROOT, "%.1f", pausedNanos / 1e9));
    }
  }
}
