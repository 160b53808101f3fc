package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.BotStatus;
import dev.perocore.social.onebot.OneBotConfig;
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
    Bot bot = bot(connection.selfId());
    Set<OneBotConnection> displaced = new LinkedHashSet<>();
    if (connection.role().carriesEvents()) {
      if (bot.events.get() != connection) {
        bot.eventsAttached(System.nanoTime());
      }
      take(bot.events, connection, displaced);
    }
    if (connection.role().carriesActions()) {
      take(bot.actions, connection, displaced);
    }
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
    }
  }

  private static void take(AtomicReference<OneBotConnection> slot, OneBotConnection connection,
      Set<OneBotConnection> displaced) {
    OneBotConnection old = slot.getAndSet(connection);
    if (old != null && old != connection && !old.isClosed()) {
      displaced.add(old);
    }
  }
}
