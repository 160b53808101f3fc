package dev.perocore.social.session.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.SessionDirectory;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sessions one shard holds in memory, and what the rest of the service sees of them: every
 * change is published to the {@link SessionDirectory} (the admin API reads it), and a session that
 * has been idle for {@code session.evict_after} with nothing pending is evicted (by the {@link
 * Shard}'s periodic sweep: every half of that, at most a minute). Also holds the shard's stopping
 * flag and the bots it has seen messages for, which the {@link ProactiveScan} asks about.
 *
 * <p>Written only on the owning verticle's event loop: no locks. The map is a concurrent one
 * because the directory reads it from other threads (it is the directory's only record of these
 * sessions: one map entry per session, not two).
 */
final class SessionTable {

  private final int shard;
  private final SessionMetrics metrics;
  private final Duration evictAfter;
  private final ConcurrentMap<ChatKey, SessionState> sessions = new ConcurrentHashMap<>();
  private final Set<Long> bots = new HashSet<>();
  private long lastBotSeen;
  /** Stopping: no new flushes or timers; what is in flight drains. */
  private boolean stopping;

  SessionTable(int shard, SessionDirectory directory, SessionMetrics metrics,
      Duration evictAfter) {
    this.shard = shard;
    this.metrics = metrics;
    this.evictAfter = evictAfter;
    directory.addShard(shard, sessions);
  }

  /** The session's state, created (and counted) on first use. */
  SessionState state(ChatKey key) {
    SessionState s = sessions.get(key);
    if (s == null) {
      s = new SessionState(key, System.currentTimeMillis());
      sessions.put(key, s);
      metrics.sessionAdded();
    }
    return s;
  }

  /**
   * The session's state, or null when it is not held (evicted): a callback that outlived its
   * session must not bring it back.
   */
  SessionState get(ChatKey key) {
    return sessions.get(key);
  }

  Collection<SessionState> all() {
    return sessions.values();
  }

  int size() {
    return sessions.size();
  }

  void botSeen(long selfId) {
    // Called per message: the bot seen last needs no boxed lookup (a burst is mostly one bot's).
    if (selfId != lastBotSeen || bots.isEmpty()) {
      lastBotSeen = selfId;
      bots.add(selfId);
    }
  }

  /** A snapshot, safe to loop over while messages keep adding bots. */
  List<Long> bots() {
    return List.copyOf(bots);
  }

  boolean stopping() {
    return stopping;
  }

  void stop() {
    stopping = true;
  }

  /**
   * Shows the session's current state in the directory. A state evicted from the table may still
   * be published by a callback that outlived it: nobody reads it any more, so it stays out of view
   * (only a new state for its key shows the session again).
   */
  void publish(SessionState s) {
    long now = System.currentTimeMillis();
    s.published = SessionDirectory.snapshot(s.lastActivityMillis, s.buffered(), s.state(now));
  }

  /** Forgets the sessions that are quiescent and idle long enough; ends timed mutes that passed. */
  void evictIdle(long now) {
    long idleFor = evictAfter.toMillis();
    var it = sessions.values().iterator();
    while (it.hasNext()) {
      SessionState s = it.next();
      ReplyState r = s.replyIfAny();
      if (r != null && r.pausedUntilMillis != 0 && !r.paused(now)) {
        r.pausedUntilMillis = 0; // a timed mute has passed
      }
      if (s.quiescent() && now - s.lastActivityMillis >= idleFor) {
        it.remove(); // out of the directory's view too
        metrics.sessionRemoved();
      }
    }
  }
}
