package dev.perocore.social.onebot;

import java.time.Duration;
import java.util.Set;

/**
 * What one pod lets OneBot clients hold of it (issue 14): without these bounds any client with the
 * token could exhaust the heap with unfinished fragmented messages, or the metrics with bot ids.
 * Validated by {@code AppConfig.parseOneBot}; every key is documented in {@code
 * conf/application.yaml}.
 *
 * @param maxConnections open reverse connections at once; one more is refused with 503 on the
 *     upgrade ({@code social_onebot_connections_refused_total{reason="max_connections"}})
 * @param maxPendingBytesPerConnection bytes of one unfinished fragmented message a connection may
 *     hold; more closes it with 1009
 * @param maxPendingBytesTotal bytes of unfinished fragmented messages all connections together may
 *     hold; a fragment that would pass it closes its connection with 1013 (try again later)
 * @param fragmentTimeout longest a fragmented message may stay unfinished; then 1008
 * @param forgetBotAfter a bot absent (no connection) this long is forgotten: its per-bot series
 *     and its readiness entry go, unless it is listed in {@code session.bots}
 * @param allowedBots the only self_ids that may connect; empty = any
 * @param readBacklogMax tasks that may wait on an event loop before the sockets' next reads are
 *     put off (a millisecond at a time) until the loops are through them: the burst waits in
 *     TCP buffers rather than as a queue ahead of every loop's timers
 */
public record OneBotLimits(
    int maxConnections,
    long maxPendingBytesPerConnection,
    long maxPendingBytesTotal,
    Duration fragmentTimeout,
    Duration forgetBotAfter,
    Set<Long> allowedBots,
    int readBacklogMax) {

  public OneBotLimits {
    allowedBots = Set.copyOf(allowedBots);
  }

  /** Whether {@code selfId} may connect under {@code onebot.allowed_bots}. */
  public boolean allows(long selfId) {
    return allowedBots.isEmpty() || allowedBots.contains(selfId);
  }
}
