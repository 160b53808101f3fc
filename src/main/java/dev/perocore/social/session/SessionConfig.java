package dev.perocore.social.session;

import dev.perocore.social.media.MediaConfig;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code session:}, {@code context:}, {@code memory:}, {@code proactive:}, {@code owner:} and
 * {@code reply:} sections (and {@code media:}, with {@code brain.llm.vision}): everything a session shard needs. Defaults are PeroCore's hard-coded
 * values.
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
    Owner owner,
    ReplyConfig reply,
    Duration staleAfter,
    MediaConfig media) {

  /** {@code session.on_new_message}. */
  public enum OnNewMessage { QUEUE, PREEMPT }

  /**
   * The {@code context:} section. Cross-chat context is opt-in per direction: {@code
   * privateInGroup} lets participants' private chats into a group prompt (off by default: the
   * model could repeat them in the group), {@code groupInPrivate} names the user's latest group in
   * a private prompt. {@code recall} is {@code memory.recall}: stored summaries recalled per flush.
   * {@code groupNameTimeout} and {@code groupNameExpiry}: how long a prompt waits for a group's
   * name ({@code get_group_info}) and how long a name is kept.
   */
  public record Context(int history, int relatedUsers, int relatedWindow, int relatedMessages,
      Duration relatedTimeout, Duration readTimeout, boolean privateInGroup,
      boolean groupInPrivate, int recall, Duration groupNameTimeout, Duration groupNameExpiry) {}

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
    Objects.requireNonNull(reply, "reply");
  }

  /** The policy of one bot account (open when none is configured). */
  public BotPolicy bot(long selfId) {
    return bots.getOrDefault(selfId, BotPolicy.open());
  }
}
