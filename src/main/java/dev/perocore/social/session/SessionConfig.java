package dev.perocore.social.session;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code session:}, {@code context:}, {@code memory:}, {@code proactive:} and {@code owner:}
 * sections: everything a session shard needs. Defaults are PeroCore's hard-coded values.
 */
public record SessionConfig(
    int shards,
    Duration idleFlush,
    int maxBuffer,
    Duration summonPrivate,
    Duration summonGroup,
    List<String> summonKeywords,
    OnNewMessage onNewMessage,
    Duration observeCooldown,
    Duration evictAfter,
    Duration sendTimeout,
    Duration storeTimeout,
    int maxFlushes,
    GroupMode groupMode,
    Map<Long, BotPolicy> bots,
    Context context,
    int summarizeAfter,
    Proactive proactive,
    Owner owner) {

  /** {@code session.on_new_message}. */
  public enum OnNewMessage { QUEUE, PREEMPT }

  /** The {@code context:} section. */
  public record Context(int history, int relatedUsers, int relatedWindow, int relatedMessages,
      Duration relatedTimeout, Duration readTimeout) {}

  /**
   * The {@code proactive:} section; {@code quietStart == quietEnd} means no quiet hours. A window
   * whose end is before its start wraps midnight.
   */
  public record Proactive(boolean enabled, Duration groupInterval, int groupTop,
      Duration privateInterval, int privateTop, Optional<LocalTime> quietStart,
      Optional<LocalTime> quietEnd, ZoneId zone) {

    /** Whether {@code time} (local, in {@link #zone}) is inside the quiet hours. */
    public boolean quiet(LocalTime time) {
      if (quietStart.isEmpty() || quietEnd.isEmpty() || quietStart.get().equals(quietEnd.get())) {
        return false;
      }
      LocalTime start = quietStart.get();
      LocalTime end = quietEnd.get();
      return start.isBefore(end)
          ? !time.isBefore(start) && time.isBefore(end)
          : !time.isBefore(start) || time.isBefore(end);
    }
  }

  /** The {@code owner:} section; {@code qq} 0 = nobody. */
  public record Owner(long qq, Duration notifyInterval) {}

  public SessionConfig {
    summonKeywords = List.copyOf(summonKeywords);
    bots = Map.copyOf(bots);
    Objects.requireNonNull(onNewMessage, "onNewMessage");
    Objects.requireNonNull(groupMode, "groupMode");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(proactive, "proactive");
    Objects.requireNonNull(owner, "owner");
  }

  /** The conf/application.yaml defaults. */
  public static SessionConfig defaults() {
    return new SessionConfig(0, Duration.ofSeconds(20), 10, Duration.ofSeconds(7),
        Duration.ofSeconds(15), List.of(), OnNewMessage.QUEUE, Duration.ofSeconds(120),
        Duration.ofMinutes(10), Duration.ofSeconds(150), Duration.ofSeconds(10), 64, GroupMode.REPLY,
        Map.of(),
        new Context(100, 3, 10, 10, Duration.ofSeconds(2), Duration.ofSeconds(5)),
        30,
        new Proactive(false, Duration.ofSeconds(30), 5, Duration.ofSeconds(10), 20,
            Optional.of(LocalTime.of(0, 0)), Optional.of(LocalTime.of(8, 0)),
            ZoneId.of("Asia/Shanghai")),
        new Owner(0, Duration.ofMinutes(10)));
  }

  /** The policy of one bot account (open when none is configured). */
  public BotPolicy bot(long selfId) {
    return bots.getOrDefault(selfId, BotPolicy.open());
  }

  // ---- copies for tests and tools ----

  public SessionConfig withTimers(Duration idle, int max, Duration summonPriv, Duration summonGrp) {
    return new SessionConfig(shards, idle, max, summonPriv, summonGrp, summonKeywords,
        onNewMessage, observeCooldown, evictAfter, sendTimeout, storeTimeout, maxFlushes, groupMode, bots,
        context, summarizeAfter, proactive, owner);
  }

  public SessionConfig withMaxFlushes(int n) {
    return new SessionConfig(shards, idleFlush, maxBuffer, summonPrivate, summonGroup,
        summonKeywords, onNewMessage, observeCooldown, evictAfter, sendTimeout, storeTimeout, n,
        groupMode, bots, context, summarizeAfter, proactive, owner);
  }

  public SessionConfig withGroupMode(GroupMode mode) {
    return new SessionConfig(shards, idleFlush, maxBuffer, summonPrivate, summonGroup,
        summonKeywords, onNewMessage, observeCooldown, evictAfter, sendTimeout, storeTimeout,
        maxFlushes, mode, bots, context, summarizeAfter, proactive, owner);
  }

  public SessionConfig withShards(int n) {
    return new SessionConfig(n, idleFlush, maxBuffer, summonPrivate, summonGroup, summonKeywords,
        onNewMessage, observeCooldown, evictAfter, sendTimeout, storeTimeout, maxFlushes, groupMode, bots,
        context, summarizeAfter, proactive, owner);
  }

  public SessionConfig withOnNewMessage(OnNewMessage mode) {
    return new SessionConfig(shards, idleFlush, maxBuffer, summonPrivate, summonGroup,
        summonKeywords, mode, observeCooldown, evictAfter, sendTimeout, storeTimeout, maxFlushes, groupMode,
        bots, context, summarizeAfter, proactive, owner);
  }

  public SessionConfig withObserveCooldown(Duration cooldown) {
    return new SessionConfig(shards, idleFlush, maxBuffer, summonPrivate, summonGroup,
        summonKeywords, onNewMessage, cooldown, evictAfter, sendTimeout, storeTimeout, maxFlushes, groupMode,
        bots, context, summarizeAfter, proactive, owner);
  }

  public SessionConfig withEvictAfter(Duration evict) {
    return new SessionConfig(shards, idleFlush, maxBuffer, summonPrivate, summonGroup,
        summonKeywords, onNewMessage, observeCooldown, evict, sendTimeout, storeTimeout, maxFlushes, groupMode,
        bots, context, summarizeAfter, proactive, owner);
  }

  public SessionConfig withBots(Map<Long, BotPolicy> newBots, List<String> keywords) {
    return new SessionConfig(shards, idleFlush, maxBuffer, summonPrivate, summonGroup, keywords,
        onNewMessage, observeCooldown, evictAfter, sendTimeout, storeTimeout, maxFlushes, groupMode, newBots,
        context, summarizeAfter, proactive, owner);
  }

  public SessionConfig withContext(Context newContext) {
    return new SessionConfig(shards, idleFlush, maxBuffer, summonPrivate, summonGroup,
        summonKeywords, onNewMessage, observeCooldown, evictAfter, sendTimeout, storeTimeout, maxFlushes,
        groupMode, bots, newContext, summarizeAfter, proactive, owner);
  }

  public SessionConfig withSummarizeAfter(int n) {
    return new SessionConfig(shards, idleFlush, maxBuffer, summonPrivate, summonGroup,
        summonKeywords, onNewMessage, observeCooldown, evictAfter, sendTimeout, storeTimeout, maxFlushes,
        groupMode, bots, context, n, proactive, owner);
  }

  public SessionConfig withProactive(Proactive newProactive) {
    return new SessionConfig(shards, idleFlush, maxBuffer, summonPrivate, summonGroup,
        summonKeywords, onNewMessage, observeCooldown, evictAfter, sendTimeout, storeTimeout, maxFlushes,
        groupMode, bots, context, summarizeAfter, newProactive, owner);
  }

  public SessionConfig withOwner(Owner newOwner) {
    return new SessionConfig(shards, idleFlush, maxBuffer, summonPrivate, summonGroup,
        summonKeywords, onNewMessage, observeCooldown, evictAfter, sendTimeout, storeTimeout, maxFlushes,
        groupMode, bots, context, summarizeAfter, proactive, newOwner);
  }
}
