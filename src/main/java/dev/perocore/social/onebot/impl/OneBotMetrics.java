package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.ClientRole;
import dev.perocore.social.onebot.LimitReason;
import dev.perocore.social.onebot.RefusalReason;
import dev.perocore.social.onebot.event.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * The gateway's meters (the metrics contract of issue 3). Labels stay low-cardinality: roles,
 * post types, reject reasons and action names from a bounded form; self_id only for the per-bot
 * gauges (a deployment has few bots).
 */
public final class OneBotMetrics {

  private static final Pattern ACTION_NAME = Pattern.compile("[a-z_.]{1,48}");
  private static final List<String> SEND_ACTIONS = List.of("send_private_msg", "send_group_msg");
  private static final List<String> ACTION_STATUSES = List.of("ok", "failed", "timeout",
      "unavailable", "rate_limited");

  private final MeterRegistry registry;
  private final Map<ClientRole, AtomicInteger> connections = new EnumMap<>(ClientRole.class);
  private final EventCounters events;
  private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> actions = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> actionTimers = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, BotSlot> bots = new ConcurrentHashMap<>();
  private final Timer eventAge;
  private final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);
  private final Map<LimitReason, Counter> limitedBy = new EnumMap<>(LimitReason.class);
  private final Counter ownerConflicts;
  private final Map<ClaimHold.DropReason, Counter> ownerDropped =
      new EnumMap<>(ClaimHold.DropReason.class);

  public OneBotMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.eventAge = Timer.builder("social.onebot.event.age")
        .description("Age of an event when it arrived (now minus its OneBot time)")
        .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
            Duration.ofHours(1))
        .register(registry);
    for (ClientRole role : ClientRole.values()) {
      AtomicInteger count = new AtomicInteger();
      connections.put(role, count);
      Gauge.builder("social.onebot.connections", count, AtomicInteger::get)
          .description("Open OneBot WebSocket connections by role")
          .tag("role", role.label())
          .register(registry);
    }
    // Every reject reason exists at zero from the start, so dashboards and alerts see the series.
    for (String reason : RejectReason.ALL) {
      rejected(reason, 0);
    }
    rejected(InboundPipeline.SELF_ID_MISMATCH, 0);
    // The closed sets of events and of the adapter's own send actions, also at zero.
    events = new EventCounters(registry);
    for (String action : SEND_ACTIONS) {
      for (String status : ACTION_STATUSES) {
        actionCounter(action, status);
      }
      actionTimer(action);
    }
    // Issue 14: refused upgrades and bound-closed connections, every reason from zero.
    for (RefusalReason reason : RefusalReason.values()) {
      refused.put(reason, Counter.builder("social.onebot.connections.refused")
          .description("OneBot WebSocket connections refused on the upgrade (or once their bot"
              + " was named), by reason")
          .tag("reason", reason.label())
          .register(registry));
    }
    for (LimitReason reason : LimitReason.values()) {
      limitedBy.put(reason, Counter.builder("social.onebot.connections.limited")
          .description("Open OneBot connections closed by a resource bound, by reason")
          .tag("reason", reason.label())
          .register(registry));
    }
    for (ClaimHold.DropReason reason : ClaimHold.DropReason.values()) {
      ownerDropped.put(reason, Counter.builder("social.bot.owner.events.dropped")
          .description("Events a forward connection delivered before its bot's claim was"
              + " refused or could not be checked; the owning node gets them on its own connection")
          .tag("reason", reason.label())
          .register(registry));
    }
    // Issue 17: at zero from start, on a single node too (it stays 0 there: no ownership).
    ownerConflicts = Counter.builder("social.bot.owner.conflicts")
        .description("OneBot connections refused (1008) because another live full node of the"
            + " cluster serves their bot")
        .register(registry);
  }

  /** A connection refused because another live full node owns its bot (issue 17). */
  public void ownerConflict() {
    ownerConflicts.increment();
  }

  /** Events of a forward connection whose bot this node may not serve, dropped unpublished. */
  public void ownerEventsDropped(ClaimHold.DropReason reason, int events) {
    ownerDropped.get(reason).increment(events);
  }

  public void refused(RefusalReason reason) {
    refused.get(reason).increment();
  }

  public void limited(LimitReason reason) {
    limitedBy.get(reason).increment();
  }

  /** Registers {@code social_onebot_pending_bytes}: what unfinished messages hold now. */
  public void pendingBytes(PendingBytes pending) {
    Gauge.builder("social.onebot.pending.bytes", pending, PendingBytes::held)
        .description("Bytes of unfinished fragmented messages held by all OneBot connections")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
  }

  /** Removes every series labelled with {@code selfId}: the bot was forgotten. */
  public void forgetBot(long selfId) {
    // Slot and series go together, atomically for this self_id: a bot coming back registers a
    // fresh slot (and series) instead of pointing a removed gauge at its state.
    bots.compute(selfId, (id, slot) -> {
      for (Meter meter : registry.find("social.onebot.heartbeat.age.seconds")
          .tag("self_id", Long.toString(id)).meters()) {
        registry.remove(meter);
      }
      for (Meter meter : registry.find("social.onebot.bot.up")
          .tag("self_id", Long.toString(id)).meters()) {
        registry.remove(meter);
      }
      return null;
    });
  }

  public void connectionOpened(ClientRole role) {
    connections.get(role).incrementAndGet();
  }

  public void connectionClosed(ClientRole role) {
    connections.get(role).decrementAndGet();
  }

  public int connections(ClientRole role) {
    return connections.get(role).get();
  }

  public void event(String postType) {
    events.count(postType);
  }

  /**
   * How old an event was when it arrived (its OneBot {@code time}, whole seconds, to our clock):
   * NapCat delivers what QQ queued while it was offline in a burst of old events.
   */
  public void eventAge(long eventTimeSeconds, long receivedAtMillis) {
    long ageMillis = Math.max(0, receivedAtMillis - eventTimeSeconds * 1000);
    eventAge.record(ageMillis, TimeUnit.MILLISECONDS);
  }

  public void rejected(String reason) {
    rejected(reason, 1);
  }

  private void rejected(String reason, int amount) {
    rejected.computeIfAbsent(reason, r -> Counter.builder("social.onebot.events.rejected")
        .description("Inbound frames rejected, by reason")
        .tag("reason", r)
        .register(registry)).increment(amount);
  }

  /** Counts one action outcome ({@code ok}, {@code failed}, {@code timeout}, ...) and times it. */
  public void action(String action, String status, Duration took) {
    String name = actionLabel(action);
    actionCounter(name, status).increment();
    if (took != null) {
      actionTimer(name).record(took.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private Counter actionCounter(String name, String status) {
    return actions.computeIfAbsent(name + '\n' + status, key -> Counter.builder("social.onebot.actions")
        .description("OneBot actions by outcome")
        .tag("action", name)
        .tag("status", status)
        .register(registry));
  }

  private Timer actionTimer(String name) {
    return actionTimers.computeIfAbsent(name, n -> Timer.builder("social.onebot.action")
        .description("Time from sending an action to its response or deadline")
        .tag("action", n)
        .register(registry));
  }

  /**
   * A bot the configuration names (session.bots) but that has not connected: its gauges exist at
   * once (up 0, heartbeat age NaN), so OneBotBotDown fires for a bot that never comes back.
   */
  public void expectBot(long selfId) {
    slot(selfId);
  }

  /** Points the per-bot gauges at {@code state} (held strongly for the gauges' lifetime). */
  public <T> void botGauges(long selfId, T state, ToDoubleFunction<T> heartbeatAgeSeconds,
      ToDoubleFunction<T> up) {
    BotSlot slot = slot(selfId);
    slot.heartbeat = () -> heartbeatAgeSeconds.applyAsDouble(state);
    slot.up = () -> up.applyAsDouble(state);
  }

  /** The gauges of one self_id, registered once; what they read is swapped when the bot appears. */
  private BotSlot slot(long selfId) {
    return bots.computeIfAbsent(selfId, id -> {
      BotSlot slot = new BotSlot();
      Gauge.builder("social.onebot.heartbeat.age.seconds", slot, s -> s.heartbeat.getAsDouble())
          .description("Seconds since the bot's last heartbeat (before the first: since it"
              + " connected; NaN while it never has)")
          .tag("self_id", Long.toString(id))
          .strongReference(true)
          .register(registry);
      Gauge.builder("social.onebot.bot.up", slot, s -> s.up.getAsDouble())
          .description("1 while the bot is connected for events and heard from in time, else 0")
          .tag("self_id", Long.toString(id))
          .strongReference(true)
          .register(registry);
      return slot;
    });
  }

  /** Before the bot is first seen: down, never heard from. */
  private static final class BotSlot {
    volatile DoubleSupplier heartbeat = () -> Double.NaN;
    volatile DoubleSupplier up = () -> 0.0;
  }

  static String actionLabel(String action) {
    return ACTION_NAME.matcher(action).matches() ? action : "other";
  }
}
