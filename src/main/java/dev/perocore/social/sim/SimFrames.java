package dev.perocore.social.sim;

import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.onebot.message.Segment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames one simulated bot sends, shaped as NapCat shapes them: message events in the chosen
 * {@link MessageFormat}, meta events, notices and requests. Builds only; sending is the links'.
 *
 * <p>Message ids start from the bot's own range ({@code selfId % 100_000 * 1_000_000 + 1}) so that
 * many simulators in one benchmark never reuse each other's ids.
 */
final class SimFrames {

  private final long selfId;
  private final AtomicLong messageIds;
  private final AtomicInteger formatTurn = new AtomicInteger();
  private volatile MessageFormat format = MessageFormat.ARRAY;

  SimFrames(long selfId) {
    this.selfId = selfId;
    this.messageIds = new AtomicLong(selfId % 100_000 * 1_000_000L + 1);
  }

  void format(MessageFormat format) {
    this.format = format;
  }

  JsonObject privateMessage(long userId, String text) {
    return message("private", userId, 0, text);
  }

  JsonObject groupMessage(long groupId, long userId, String text) {
    return message("group", userId, groupId, text);
  }

  JsonObject groupMention(long groupId, long userId, String text) {
    JsonObject event = message("group", userId, groupId, text);
    Message message = Message.of(Segment.at(selfId), Segment.text(" " + text));
    boolean array = event.getValue("message") instanceof JsonArray;
    event.put("message", array ? message.toJsonArray() : message.toCqString())
        .put("raw_message", message.toCqString());
    return event;
  }

  JsonObject heartbeatEvent(Duration interval) {
    return base("meta_event").put("meta_event_type", "heartbeat")
        .put("status", new JsonObject().put("online", true).put("good", true))
        .put("interval", interval.toMillis());
  }

  JsonObject lifecycleEvent(String subType) {
    return base("meta_event").put("meta_event_type", "lifecycle").put("sub_type", subType);
  }

  JsonObject pokeNotice(long groupId, long userId) {
    return base("notice").put("notice_type", "notify").put("sub_type", "poke")
        .put("group_id", groupId).put("user_id", userId).put("target_id", selfId);
  }

  JsonObject friendRequest(long userId, String comment) {
    return base("request").put("request_type", "friend").put("user_id", userId)
        .put("comment", comment).put("flag", "flag-" + ThreadLocalRandom.current().nextLong(1L << 40));
  }

  /** A frame that is not JSON at all. */
  static String garbage() {
    return "{\"post_type\": \"message\", oops" + ThreadLocalRandom.current().nextInt();
  }

  private JsonObject base(String postType) {
    return new JsonObject().put("time", System.currentTimeMillis() / 1000).put("self_id", selfId)
        .put("post_type", postType);
  }

  private JsonObject message(String type, long userId, long groupId, String text) {
    long id = messageIds.getAndIncrement();
    Message message = Message.ofText(text);
    boolean array = switch (format) {
      case ARRAY -> true;
      case STRING -> false;
      case MIXED -> (formatTurn.getAndIncrement() & 1) == 0;
    };
    JsonObject sender = new JsonObject().put("user_id", userId).put("nickname", "user" + userId)
        .put("card", "").put("role", "member");
    JsonObject event = base("message").put("message_type", type)
        .put("sub_type", type.equals("group") ? "normal" : "friend")
        .put("message_id", id).put("message_seq", id).put("real_id", id)
        .put("user_id", userId)
        .put("message", array ? message.toJsonArray() : message.toCqString())
        .put("raw_message", message.toCqString())
        .put("message_format", array ? "array" : "string")
        .put("font", 14).put("sender", sender);
    if (groupId != 0) {
      event.put("group_id", groupId);
    }
    return event;
  }
}
