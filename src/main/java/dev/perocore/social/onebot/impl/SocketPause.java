package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.Backpressure;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

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
 * <p>Metrics: {@code social_onebot_paused_seconds_total} (time the sockets were held paused) and
 * {@code social_onebot_backpressure_pauses_total}.
 */
public final class SocketPause {

  private volatile Backpressure signal = Backpressure.never();
  private volatile BotRegistry bots;

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
  }

  /** Follows {@code pressure} from now on; call once, before connections open. */
  public void follow(Backpressure pressure) {
    signal = pressure;
    pressure.onChange(this::changed);
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
    }
  }
}
