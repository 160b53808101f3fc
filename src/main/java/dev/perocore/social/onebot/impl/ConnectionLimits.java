package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.LimitReason;
import dev.perocore.social.onebot.OneBotLimits;
import dev.perocore.social.onebot.RefusalReason;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's resource bounds ({@link OneBotLimits}) in action: reverse-connection slots, the
 * allow list, the shared budget of unfinished fragments, and the periodic sweep that closes
 * overdue fragmented messages and forgets long-absent bots. Lock-free; slots are taken on
 * whichever event loop accepts the upgrade.
 */
public final class ConnectionLimits {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);

  private final OneBotLimits limits;
  private final OneBotMetrics metrics;
  private final PendingBytes pending;
  private final AtomicInteger open = new AtomicInteger();

  public ConnectionLimits(OneBotLimits limits, OneBotMetrics metrics) {
    this.limits = limits;
    this.metrics = metrics;
    this.pending = new PendingBytes(limits.maxPendingBytesPerConnection(),
        limits.maxPendingBytesTotal());
    metrics.pendingBytes(pending);
  }

  public PendingBytes pending() {
    return pending;
  }

  /** Takes a reverse-connection slot; false (counted as max_connections) when all are taken. */
  public boolean tryOpen() {
    while (true) {
      int now = open.get();
      if (now >= limits.maxConnections()) {
        metrics.refused(RefusalReason.MAX_CONNECTIONS);
        return false;
      }
      if (open.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Gives back a slot taken by {@link #tryOpen} (the connection closed or never opened). */
  public void release() {
    open.decrementAndGet();
  }

  /** Reverse-connection slots taken now. */
  public int open() {
    return open.get();
  }

  /** Whether {@code selfId} may connect; a refusal is counted as not_allowed. */
  public boolean allows(long selfId) {
    if (limits.allows(selfId)) {
      return true;
    }
    metrics.refused(RefusalReason.NOT_ALLOWED);
    return false;
  }

  /** How often {@link #sweep} should run: often enough for the shortest bound it enforces. */
  public long sweepEveryMs() {
    long shortest = Math.min(limits.fragmentTimeout().toMillis(),
        limits.forgetBotAfter().toMillis()) / 4;
    return Math.max(20, Math.min(1000, shortest));
  }

  /**
   * Closes every connection whose fragmented message stayed unfinished past {@code
   * onebot.fragment_timeout} (1008), then forgets bots absent for {@code
   * onebot.forget_bot_after}; returns the bots it forgot.
   */
  public List<Long> sweep(BotRegistry registry, InboundPipeline pipeline) {
    long now = System.nanoTime();
    for (OneBotConnection connection : registry.openConnections()) {
      if (connection.fragmentOverdue(now, limits.fragmentTimeout())) {
        pipeline.limited(connection, LimitReason.FRAGMENT_TIMEOUT,
            limits.fragmentTimeout().toMillis());
        connection.close(OneBotConnection.CLOSE_POLICY, "fragmented message unfinished after "
            + limits.fragmentTimeout().toMillis() + " ms");
      }
    }
    List<Long> forgotten = registry.forgetAbsent(limits.forgetBotAfter());
    if (!forgotten.isEmpty()) {
      LOG.info("forgot {} bot(s) absent for over {} (onebot.forget_bot_after): {}",
          forgotten.size(), limits.forgetBotAfter(), forgotten);
    }
    return forgotten;
  }
}
