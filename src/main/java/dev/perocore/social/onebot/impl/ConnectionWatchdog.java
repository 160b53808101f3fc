package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.OneBotConfig;
import java.util.List;
import org.slf4j.Logger;

/**
 * Liveness, looked at every {@link #everyMs}: pings each open connection every {@code
 * onebot.ping_interval}, closes one that sent nothing, not even a pong, for three intervals and
 * left three pings unanswered (1001, unresponsive), and logs a bot going silent (no heartbeat for
 * {@code onebot.heartbeat_grace} times its interval) and its heartbeats coming back. Runs on the
 * gateway's context.
 *
 * <p>A socket we stopped reading ({@link SocketPause}) cannot show life, so it is not judged: a
 * paused connection is judged again from its resume, and no bot is called silent while the
 * store's pressure holds every socket.
 */
public final class ConnectionWatchdog {

  private final OneBotConfig config;
  private final BotRegistry registry;
  private final SocketPause pause;
  private final Logger log;

  /**
   * @param log the gateway's logger: operators' log filters and alerts' texts name it for the
   *     unresponsive and silent lines
   */
  public ConnectionWatchdog(OneBotConfig config, BotRegistry registry, SocketPause pause,
      Logger log) {
    this.config = config;
    this.registry = registry;
    this.pause = pause;
    this.log = log;
  }

  /** How often {@link #check} should run: twice per ping interval, within 50 ms to 1 s. */
  public long everyMs() {
    return Math.max(50, Math.min(1000, config.pingInterval().toMillis() / 2));
  }

  /** Looks at every open connection and every bot once. */
  public void check() {
    long now = System.nanoTime();
    long deadNanos = config.pingInterval().toNanos() * 3;
    boolean held = pause.engaged();
    for (OneBotConnection connection : registry.openConnections()) {
      // A socket we stopped reading cannot show life: judged again from its resume. Dead means
      // silent for three intervals AND three pings gone out unanswered: after a stall of our own
      // (no ping left, no pong could come) a live peer gets its pings before it is judged.
      long heard = Math.max(connection.lastFrameNanos(), connection.resumedNanos());
      if (!connection.readingPaused() && now - heard > deadNanos
          && connection.pingsUnanswered() >= 3) {
        log.warn("bot {}: connection {} sent nothing, not even a pong, for {} ms; closing it",
            connection.botLabel(), connection.id(), deadNanos / 1_000_000);
        connection.close(OneBotConnection.CLOSE_UNRESPONSIVE, "unresponsive");
      } else {
        connection.pingIfDue(now, config.pingInterval());
      }
    }
    for (Bot bot : held ? List.<Bot>of() : registry.bots()) {
      bot.silenceChanged(now).ifPresent(silent -> {
        if (silent) {
          log.error("bot {}: silent: no heartbeat for {} x its interval", bot.selfId(),
              config.heartbeatGrace());
        } else {
          log.info("bot {}: heartbeats are back", bot.selfId());
        }
      });
    }
  }
}
