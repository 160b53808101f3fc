package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.BotStatus;
import dev.perocore.social.onebot.OneBotConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bots by self_id and every open connection. Thread-safe without locks: connections register
 * from whichever event loop accepted them. A connection for a (self_id, role) that is already
 * served replaces the old one, which is closed with 1008 and fails its pending actions at once.
 */
public final class BotRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(BotRegistry.class);

  private final ConcurrentMap<Long, Bot> bots = new ConcurrentHashMap<>();
  private final Set<OneBotConnection> open = ConcurrentHashMap.newKeySet();
  private final OneBotConfig config;
  private final PacerClock pacerClock;
  private final OneBotMetrics metrics;
  private volatile Set<Long> kept = Set.of();

  public BotRegistry(OneBotConfig config, PacerClock pacerClock, OneBotMetrics metrics) {
    this.config = config;
    this.pacerClock = pacerClock;
    this.metrics = metrics;
  }

  /** The bot, created (with its gauges) on first sight. */
  public Bot bot(long selfId) {
    Bot existing = bots.get(selfId);
    if (existing != null) {
      return existing;
    }
    return bots.computeIfAbsent(selfId, id -> {
      Bot bot = new Bot(id, config, pacerClock);
      bot.present(pacerClock.nanoTime());
      metrics.botGauges(id, bot, Bot::heartbeatAgeSeconds,
          b -> b.up(System.nanoTime()) ? 1.0 : 0.0);
      return bot;
    });
  }

  public Bot find(long selfId) {
    return bots.get(selfId);
  }

  public Collection<Bot> bots() {
    return bots.values();
  }

  public List<BotStatus> statuses() {
    List<BotStatus> list = new ArrayList<>();
    for (Bot bot : bots.values()) {
      list.add(bot.status());
    }
    // By the id's decimal text: the order the readiness line has always named them in.
    list.sort(Comparator.comparing(status -> Long.toString(status.selfId())));
    return list;
  }

  /** A new connection is open (self_id maybe not known yet). */
  public void opened(OneBotConnection connection) {
    open.add(connection);
    metrics.connectionOpened(connection.role());
  }

  public Set<OneBotConnection> openConnections() {
    return open;
  }

  /**
   * Makes {@code connection} serve its roles for its bot, replacing whatever served them before.
   * Idempotent for the same connection.
   */
  public Bot attach(OneBotConnection connection) {
    Bot bot;
    Set<OneBotConnection> displaced = new LinkedHashSet<>();
    do {
      bot = bot(connection.selfId());
      bot.present(pacerClock.nanoTime());
      if (connection.role().carriesEvents()) {
        if (bot.events.get() != connection) {
          bot.eventsAttached(System.nanoTime());
        }
        take(bot.events, connection, displaced);
      }
      if (connection.role().carriesActions()) {
        take(bot.actions, connection, displaced);
      }
      // Forgotten between the lookup and the take: attach to the bot that replaces it.
    } while (bots.get(bot.selfId()) != bot);
    for (OneBotConnection old : displaced) {
      LOG.warn("bot {}: connection {} ({}, from {}) replaces {} ({}); closing the old one (1008)",
          bot.selfId(), connection.id(), connection.role().label(), connection.remote(), old.id(),
          old.role().label());
      release(old);
      old.close(OneBotConnection.CLOSE_REPLACED, "replaced by a newer connection " + connection.id());
    }
    return bot;
  }

  /** A connection closed: it no longer serves anything. Returns true if it was still open. */
  public boolean closed(OneBotConnection connection) {
    boolean wasOpen = open.remove(connection);
    if (wasOpen) {
      metrics.connectionClosed(connection.role());
    }
    release(connection);
    return wasOpen;
  }

  private void release(OneBotConnection connection) {
    if (!connection.knowsBot()) {
      return;
    }
    Bot bot = bots.get(connection.selfId());
    if (bot != null) {
      bot.events.compareAndSet(connection, null);
      bot.actions.compareAndSet(connection, null);
      bot.present(pacerClock.nanoTime());
    }
  }

  /** Bots listed here ({@code session.bots}) are never forgotten. */
  public void keep(Set<Long> selfIds) {
    kept = Set.copyOf(selfIds);
  }

  /**
   * Forgets every bot no connection has served for longer than {@code after}, except kept ones:
   * removes it, its per-bot series and (through {@link #statuses}) its readiness entry; fails
   * sends still waiting in its pacer. Returns the forgotten ids.
   */
  public List<Long> forgetAbsent(Duration after) {
    long now = pacerClock.nanoTime();
    long afterNanos = after.toNanos();
    List<Long> forgotten = new ArrayList<>();
    for (Bot candidate : bots.values()) {
      long id = candidate.selfId();
      if (kept.contains(id) || !candidate.absentLongerThan(now, afterNanos)) {
        continue;
      }
      // Atomic per key against bot(): a bot being (re)attached is either kept or replaced, and
      // its series go before a successor can register its own under the same self_id.
      boolean[] gone = new boolean[1];
      bots.computeIfPresent(id, (k, b) -> {
        if (b != candidate || !b.absentLongerThan(now, afterNanos)) {
          return b;
        }
        metrics.forgetBot(id);
        gone[0] = true;
        return null;
      });
      if (gone[0]) {
        candidate.pacer().failAll("bot " + id + " forgotten after " + after + " of absence");
        forgotten.add(id);
      }
    }
    return forgotten;
  }

  private static void take(AtomicReference<OneBotConnection> slot, OneBotConnection connection,
      Set<OneBotConnection> displaced) {
    OneBotConnection old = slot.getAndSet(connection);
    if (old != null && old != connection && !old.isClosed()) {
      displaced.add(old);
    }
  }
}
