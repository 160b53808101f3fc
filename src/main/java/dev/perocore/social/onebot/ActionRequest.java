package dev.perocore.social.onebot;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One OneBot action to send as bot {@code selfId}: {@code {action, params}} plus an optional
 * deadline overriding {@code onebot.action_timeout}.
 *
 * <p>On the event bus {@code self_id} is written as decimal text (the form callers in other
 * languages have always read) and read from text or an integer.
 */
public record ActionRequest(
    long selfId, String action, JsonObject params, Optional<Duration> timeout) {

  public ActionRequest {
    Objects.requireNonNull(action, "action");
    params = params == null ? new JsonObject() : params;
    timeout = timeout == null ? Optional.empty() : timeout;
  }

  public static ActionRequest of(long selfId, String action, JsonObject params) {
    return new ActionRequest(selfId, action, params, Optional.empty());
  }

  public ActionRequest withTimeout(Duration limit) {
    return new ActionRequest(selfId, action, params, Optional.of(limit));
  }

  /** The target user of the action, if its params name one (for failure reports). */
  public Optional<String> userId() {
    return idParam("user_id");
  }

  /** The target group of the action, if its params name one (for failure reports). */
  public Optional<String> groupId() {
    return idParam("group_id");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("self_id", Long.toString(selfId)).put("action", action)
        .put("params", params);
    timeout.ifPresent(t -> json.put("timeout_ms", t.toMillis()));
    return json;
  }

  /** Reads {@link #toJson()}'s form; throws IllegalArgumentException naming what is wrong. */
  public static ActionRequest fromJson(JsonObject json) {
    Object self = json.getValue("self_id");
    Object action = json.getValue("action");
    if (self == null || !(action instanceof String name) || name.isBlank()) {
      throw new IllegalArgumentException("self_id and action are required");
    }
    Object params = json.getValue("params");
    if (params != null && !(params instanceof JsonObject)) {
      throw new IllegalArgumentException("params must be an object");
    }
    Object timeout = json.getValue("timeout_ms");
    if (timeout != null && !(timeout instanceof Number)) {
      throw new IllegalArgumentException("timeout_ms must be a number");
    }
    return new ActionRequest(selfIdOf(self), name, (JsonObject) params,
        timeout == null ? Optional.empty()
            : Optional.of(Duration.ofMillis(Math.max(1, ((Number) timeout).longValue()))));
  }

  /**
   * A {@code self_id} that is not an account number in its plain decimal form names no bot: it
   * reads as {@link BotIds#UNKNOWN}, so the action fails as unavailable, like one for a bot that
   * never connected.
   */
  private static long selfIdOf(Object self) {
    if (self instanceof Integer || self instanceof Long) {
      return ((Number) self).longValue();
    }
    if (self instanceof String text) {
      try {
        long id = Long.parseLong(text);
        return Long.toString(id).equals(text) ? id : BotIds.UNKNOWN;
      } catch (NumberFormatException e) {
        return BotIds.UNKNOWN;
      }
    }
    return BotIds.UNKNOWN;
  }

  private Optional<String> idParam(String key) {
    Object value = params.getValue(key);
    return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
  }
}
