package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.BotStatus;
import dev.perocore.social.onebot.ClientRole;
import dev.perocore.social.onebot.OneBotConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One bot account (self_id): the connection serving its events and the one serving its actions
 * (the same one for Universal), its pacing, and its liveness. Kept while disconnected, so its
 * gauges and status say "down" rather than vanish — until {@code onebot.forget_bot_after} of
 * absence, so that every id that ever connected does not keep its series forever.
 */
public final class Bot {

  private final long selfId;
  private final OneBotConfig config;
  final AtomicReference<OneBotConnection> events = new AtomicReference<>();
  final AtomicReference<OneBotConnection> actions = new AtomicReference<>();
  private final SendPacer pacer;
  private final AtomicInteger consecutiveTimeouts = new AtomicInteger();
  private volatile long lastFrameNanos;
  private volatile long lastHeartbeatNanos;
  private volatile long heartbeatIntervalMs;
  private volatile long eventsAttachedNanos;
  private volatile boolean degraded;
  private volatile boolean silentReported;
  private volatile long presentNanos; // registry clock: last time a connection came or went
  private boolean canaryInFlight; // gateway context only

  Bot(long selfId, OneBotConfig config, PacerClock pacerClock) {
    this.selfId = selfId;
    this.config = config;
    this.pacer = new SendPacer(pacerClock, selfId, config);
  }

  public long selfId() {
    return selfId;
  }

  /** A connection of this bot came or went at {@code now} (the registry's clock). */
  void present(long now) {
    presentNanos = now;
  }

  /** Whether no connection serves this bot and none has for longer than {@code afterNanos}. */
  boolean absentLongerThan(long now, long afterNanos) {
    return events.get() == null && actions.get() == null && now - presentNanos > afterNanos;
  }

  /** The open connection that carries this bot's actions, or null. */
  public OneBotConnection actionConnection() {
    OneBotConnection c = actions.get();
    return c == null || c.isClosed() ? null : c;
  }

  public OneBotConnection eventConnection() {
    OneBotConnection c = events.get();
    return c == null || c.isClosed() ? null : c;
  }

  public boolean canaryInFlight() {
    return canaryInFlight;
  }

  public void canaryInFlight(boolean inFlight) {
    canaryInFlight = inFlight;
  }

  public SendPacer pacer() {
    return pacer;
  }

  void heardFrom(long now) {
    lastFrameNanos = now;
  }

  void heartbeat(long now, long intervalMs) {
    lastHeartbeatNanos = now;
    if (intervalMs > 0) {
      heartbeatIntervalMs = intervalMs;
    }
  }

  /**
   * A connection now carries this bot's events: silence is counted from here too, not from a
   * heartbeat heard before a gap (else every reconnect after a gap would look silent at once).
   */
  void eventsAttached(long now) {
    eventsAttachedNanos = now;
  }

  /**
   * Heartbeats could not be read until now (the sockets were paused for backpressure): silence
   * is counted from here, as after a reconnect.
   */
  void countSilenceFrom(long now) {
    eventsAttachedNanos = now;
  }

  /** An action got an answer (ok or failed): the action path works. Returns true on recovery. */
  public boolean actionAnswered() {
    consecutiveTimeouts.set(0);
    boolean was = degraded;
    degraded = false;
    return was;
  }

  /** An action timed out; returns true when this one makes the bot degraded. */
  public boolean actionTimedOut() {
    int count = consecutiveTimeouts.incrementAndGet();
    if (count >= config.actionFailureLimit() && !degraded) {
      degraded = true;
      return true;
    }
    return false;
  }

  boolean degraded() {
    return degraded;
  }

  /** Whether heartbeats stopped: none for heartbeat_grace x the announced interval. */
  boolean silent(long now) {
    long interval = heartbeatIntervalMs;
    long heard = lastHeartbeatNanos;
    if (interval <= 0 || heard == 0) {
      return false;
    }
    long attached = eventsAttachedNanos;
    long since = attached != 0 && attached - heard > 0 ? attached : heard;
    double graceNanos = config.heartbeatGrace() * interval * 1_000_000.0;
    return now - since > graceNanos;
  }

  /** Reports a change of silence once; returns the new state if it changed, else empty. */
  public Optional<Boolean> silenceChanged(long now) {
    boolean silent = silent(now) && eventConnection() != null;
    if (silent != silentReported) {
      silentReported = silent;
      return Optional.of(silent);
    }
    return Optional.empty();
  }

  boolean up(long now) {
    return eventConnection() != null && !silent(now);
  }

  /**
   * Since the last heartbeat; before the first, since the events connection came (an
   * implementation with its heartbeat off must still reach OneBotHeartbeatMissing, whose fix is
   * "enable it"); NaN for a bot never connected (OneBotBotDown covers that one).
   */
  double heartbeatAgeSeconds() {
    long at = lastHeartbeatNanos;
    if (at == 0) {
      at = eventsAttachedNanos;
    }
    return at == 0 ? Double.NaN : (System.nanoTime() - at) / 1e9;
  }

  public BotStatus status() {
    long now = System.nanoTime();
    Set<ClientRole> roles = EnumSet.noneOf(ClientRole.class);
    OneBotConnection ev = eventConnection();
    OneBotConnection act = actionConnection();
    if (ev != null && ev == act) {
      roles.add(ClientRole.UNIVERSAL);
    } else {
      if (ev != null) {
        roles.add(ClientRole.EVENT);
      }
      if (act != null) {
        roles.add(ClientRole.API);
      }
    }
    long hb = lastHeartbeatNanos;
    long frame = lastFrameNanos;
    long interval = heartbeatIntervalMs;
    return new BotStatus(selfId, roles, up(now), silent(now), degraded,
        interval > 0 ? Optional.of(Duration.ofMillis(interval)) : Optional.empty(),
        hb == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(now - hb)),
        frame == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(now - frame)),
        consecutiveTimeouts.get(), pacer.queued());
  }
}
