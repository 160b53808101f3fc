package dev.perocore.social.onebot;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A snapshot of one bot account's health, for readiness and the admin API.
 *
 * @param selfId the bot account
 * @param roles the roles its open connections serve now (empty = disconnected)
 * @param up connected for events and heard from in time — the {@code social_onebot_bot_up} value
 * @param silent heartbeats stopped: none for {@code heartbeat_grace} x the announced interval
 * @param degraded actions keep timing out ({@code action_failure_limit} in a row) while the bot
 *     may still deliver events: PeroCore's half-dead case
 * @param heartbeatInterval the interval the bot announced in its last heartbeat
 * @param sinceLastHeartbeat time since the last heartbeat, if there was one
 * @param sinceLastFrame time since anything arrived from the bot, if anything did
 * @param consecutiveActionTimeouts action timeouts in a row (reset by any answered action)
 * @param queuedSends sends waiting for pacing budget
 */
public record BotStatus(
    long selfId,
    Set<ClientRole> roles,
    boolean up,
    boolean silent,
    boolean degraded,
    Optional<Duration> heartbeatInterval,
    Optional<Duration> sinceLastHeartbeat,
    Optional<Duration> sinceLastFrame,
    int consecutiveActionTimeouts,
    int queuedSends) {

  public boolean connected() {
    return !roles.isEmpty();
  }

  /** Why this bot is not healthy, in one line for readiness; empty when it is. */
  public Optional<String> problem() {
    if (!connected()) {
      return Optional.of("bot " + selfId + " is disconnected");
    }
    if (degraded) {
      return Optional.of("bot " + selfId + " is degraded: " + consecutiveActionTimeouts
          + " consecutive action timeouts");
    }
    if (silent) {
      return Optional.of("bot " + selfId + " is silent: no heartbeat for "
          + sinceLastHeartbeat.map(Duration::toSeconds).orElse(0L) + " s (interval "
          + heartbeatInterval.map(Duration::toMillis).orElse(0L) + " ms)");
    }
    if (!up) {
      return Optional.of("bot " + selfId + " is not receiving events (roles " + roles + ")");
    }
    return Optional.empty();
  }
}
