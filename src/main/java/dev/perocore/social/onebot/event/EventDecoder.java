package dev.perocore.social.onebot.event;

import static dev.perocore.social.onebot.event.FrameFields.lenientString;
import static dev.perocore.social.onebot.event.FrameFields.optionalId;
import static dev.perocore.social.onebot.event.FrameFields.optionalLong;
import static dev.perocore.social.onebot.event.FrameFields.optionalString;
import static dev.perocore.social.onebot.event.FrameFields.preview;
import static dev.perocore.social.onebot.event.FrameFields.requiredId;
import static dev.perocore.social.onebot.event.FrameFields.requiredLong;
import static dev.perocore.social.onebot.event.FrameFields.requiredScalar;
import static dev.perocore.social.onebot.event.FrameFields.requiredString;
import static dev.perocore.social.onebot.event.FrameFields.shorten;
import static dev.perocore.social.onebot.event.FrameFields.value;

import dev.perocore.social.onebot.event.FrameFields.Refusal;
import dev.perocore.social.onebot.message.Message;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns a received OneBot v11 frame into a {@link OneBotEvent}, or into a
 * {@link DecodeResult.Rejected} with a low-cardinality {@link RejectReason} and a detail naming the
 * field. Never throws. Stateless and thread-safe: one instance may serve every connection.
 *
 * <p>What is strict and what is lenient, and why:
 * <ul>
 *   <li>Routing and identity fields are strict: {@code post_type} and the kind's type field,
 *       {@code time}, {@code self_id}, {@code message_id}, {@code user_id}, {@code group_id}, the
 *       {@code message} itself, a request's {@code flag}, a heartbeat's {@code interval}. Without them
 *       the event cannot be routed, deduplicated or answered. Ids may be numbers or numeric strings
 *       (NapCat sends both); anything else is {@code wrong_type}.
 *   <li>Descriptive fields are lenient: {@code sub_type}, {@code comment}, {@code raw_message}, and
 *       the {@code sender} object's names, age, role and so on default to empty when absent; NapCat's
 *       extras ({@code target_id}) are used when readable and ignored otherwise. Losing a message
 *       because a nickname came as a number would be the worse failure; the frame is in raw() anyway.
 *   <li>Unknown fields are ignored (and kept in raw()). Unknown notices become {@link GenericNotice}
 *       (implementations add notices often); an unknown message, request or meta type is rejected
 *       ({@code unknown_event_type}) since nothing downstream could act on it.
 * </ul>
 */
public final class EventDecoder {

  /** Decodes a parsed frame. The decoder takes ownership: the frame becomes the event's raw(). */
  public DecodeResult decode(JsonObject frame) {
    if (frame == null) {
      return new DecodeResult.Rejected(RejectReason.INVALID_JSON, "frame is null");
    }
    try {
      return new DecodeResult.Decoded(decodeEvent(frame));
    } catch (Refusal r) {
      return new DecodeResult.Rejected(r.reason, r.detail);
    } catch (RuntimeException e) {
      // A bug here must not take the connection down; it is counted under its own reason so it shows.
      return new DecodeResult.Rejected(RejectReason.DECODER_ERROR, e.toString());
    }
  }

  /** Parses text as JSON and decodes it; text that is not a JSON object is rejected as invalid_json. */
  public DecodeResult decodeText(String text) {
    if (text == null) {
      return new DecodeResult.Rejected(RejectReason.INVALID_JSON, "frame is null");
    }
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      return new DecodeResult.Rejected(RejectReason.INVALID_JSON, "not a JSON object: " + shorten(e.getMessage()));
    }
    return decode(frame);
  }

  /**
   * True for an action response rather than an event: it carries {@code echo} or {@code retcode}/{@code
   * status} and no {@code post_type}. A Universal connection carries both on one socket.
   */
  public static boolean isActionResponse(JsonObject frame) {
    return value(frame, "post_type") == null
        && (frame.containsKey("echo") || frame.containsKey("retcode") || frame.containsKey("status"));
  }

  // ---- kinds ----------------------------------------------------------------------------------------

  private static OneBotEvent decodeEvent(JsonObject f) {
    String postType = requiredString(f, "post_type");
    switch (postType) {
      case MessageEvent.POST_TYPE, MessageEvent.POST_TYPE_SENT -> {
        return message(f, postType);
      }
      case NoticeEvent.POST_TYPE -> {
        return notice(f);
      }
      case RequestEvent.POST_TYPE -> {
        return request(f);
      }
      case MetaEvent.POST_TYPE -> {
        return meta(f);
      }
      default -> throw new Refusal(RejectReason.UNKNOWN_POST_TYPE, "post_type: " + preview(postType));
    }
  }

  private static MessageEvent message(JsonObject f, String postType) {
    String messageType = requiredString(f, "message_type");
    if (!MessageEvent.PRIVATE.equals(messageType) && !MessageEvent.GROUP.equals(messageType)) {
      throw new Refusal(RejectReason.UNKNOWN_EVENT_TYPE, "message_type: " + preview(messageType));
    }
    long selfId = requiredLong(f, "self_id");
    long time = requiredLong(f, "time");
    String messageId = requiredId(f, "message_id");
    long userId = requiredLong(f, "user_id");
    long groupId = MessageEvent.GROUP.equals(messageType) ? requiredLong(f, "group_id") : 0;
    String subType = optionalString(f, "sub_type");
    Message message = message(f);
    Object rawMessageValue = value(f, "raw_message");
    String rawMessage = rawMessageValue == null ? message.toCqString() : optionalString(f, "raw_message");
    Sender sender = sender(value(f, "sender"), userId);
    if (MessageEvent.PRIVATE.equals(messageType)) {
      OptionalLong targetId = Ids.optionalLong(value(f, "target_id"));
      return new PrivateMessageEvent(selfId, time, postType, subType, messageId, userId, sender, message,
          rawMessage, targetId, f);
    }
    return new GroupMessageEvent(selfId, time, postType, subType, messageId, groupId, userId, sender,
        anonymous(value(f, "anonymous")), message, rawMessage, f);
  }

  private static Message message(JsonObject f) {
    Object value = value(f, "message");
    if (value == null) {
      throw new Refusal(RejectReason.MISSING_FIELD, "message: missing");
    }
    try {
      return Message.parse(value);
    } catch (IllegalArgumentException e) {
      throw new Refusal(RejectReason.BAD_MESSAGE, e.getMessage());
    }
  }

  private static Sender sender(Object value, long userId) {
    if (value == null) {
      return Sender.ofUserId(userId);
    }
    if (!(value instanceof JsonObject s)) {
      throw new Refusal(RejectReason.WRONG_TYPE, "sender: not an object but " + preview(value));
    }
    Object age = value(s, "age");
    OptionalLong ageValue = Ids.optionalLong(age);
    return new Sender(
        Ids.optionalLong(value(s, "user_id")).orElse(userId),
        lenientString(s, "nickname"),
        lenientString(s, "card"),
        lenientString(s, "sex"),
        ageValue.isPresent() ? (int) Math.max(0, Math.min(ageValue.getAsLong(), Integer.MAX_VALUE)) : 0,
        lenientString(s, "area"),
        lenientString(s, "level"),
        lenientString(s, "role"),
        lenientString(s, "title"));
  }

  private static Optional<GroupMessageEvent.AnonymousSender> anonymous(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof JsonObject a)) {
      throw new Refusal(RejectReason.WRONG_TYPE, "anonymous: not an object but " + preview(value));
    }
    return Optional.of(new GroupMessageEvent.AnonymousSender(
        Ids.optionalLong(value(a, "id")).orElse(0), lenientString(a, "name"), lenientString(a, "flag")));
  }

  private static NoticeEvent notice(JsonObject f) {
    String noticeType = requiredString(f, "notice_type");
    long selfId = requiredLong(f, "self_id");
    long time = requiredLong(f, "time");
    String subType = optionalString(f, "sub_type");
    return switch (noticeType) {
      case "group_upload" -> new GroupUploadNotice(selfId, time, requiredLong(f, "group_id"),
          requiredLong(f, "user_id"), groupFile(f), f);
      case "group_admin" -> new GroupAdminNotice(selfId, time, subType, requiredLong(f, "group_id"),
          requiredLong(f, "user_id"), f);
      case "group_decrease" -> new GroupDecreaseNotice(selfId, time, subType, requiredLong(f, "group_id"),
          optionalLong(f, "operator_id", 0), requiredLong(f, "user_id"), f);
      case "group_increase" -> new GroupIncreaseNotice(selfId, time, subType, requiredLong(f, "group_id"),
          optionalLong(f, "operator_id", 0), requiredLong(f, "user_id"), f);
      case "group_ban" -> new GroupBanNotice(selfId, time, subType, requiredLong(f, "group_id"),
          optionalLong(f, "operator_id", 0), requiredLong(f, "user_id"), optionalLong(f, "duration", 0), f);
      case "friend_add" -> new FriendAddNotice(selfId, time, requiredLong(f, "user_id"), f);
      case "group_recall" -> {
        long userId = requiredLong(f, "user_id");
        yield new GroupRecallNotice(selfId, time, requiredLong(f, "group_id"), userId,
            optionalLong(f, "operator_id", userId), requiredId(f, "message_id"), f);
      }
      case "friend_recall" -> new FriendRecallNotice(selfId, time, requiredLong(f, "user_id"),
          requiredId(f, "message_id"), f);
      case "notify" -> switch (subType) {
        case "poke" -> new PokeNotice(selfId, time, optionalId(f, "group_id"), requiredLong(f, "user_id"),
            requiredLong(f, "target_id"), f);
        case "lucky_king" -> new LuckyKingNotice(selfId, time, requiredLong(f, "group_id"),
            requiredLong(f, "user_id"), requiredLong(f, "target_id"), f);
        case "honor" -> new HonorNotice(selfId, time, requiredLong(f, "group_id"),
            requiredString(f, "honor_type"), requiredLong(f, "user_id"), f);
        default -> new GenericNotice(selfId, time, noticeType, subType, f);
      };
      default -> new GenericNotice(selfId, time, noticeType, subType, f);
    };
  }

  private static GroupFile groupFile(JsonObject f) {
    Object value = value(f, "file");
    if (value == null) {
      throw new Refusal(RejectReason.MISSING_FIELD, "file: missing");
    }
    if (!(value instanceof JsonObject file)) {
      throw new Refusal(RejectReason.WRONG_TYPE, "file: not an object but " + preview(value));
    }
    return new GroupFile(lenientString(file, "id"), lenientString(file, "name"),
        Ids.optionalLong(value(file, "size")).orElse(0), Ids.optionalLong(value(file, "busid")).orElse(0));
  }

  private static RequestEvent request(JsonObject f) {
    String requestType = requiredString(f, "request_type");
    if (!"friend".equals(requestType) && !"group".equals(requestType)) {
      throw new Refusal(RejectReason.UNKNOWN_EVENT_TYPE, "request_type: " + preview(requestType));
    }
    long selfId = requiredLong(f, "self_id");
    long time = requiredLong(f, "time");
    long userId = requiredLong(f, "user_id");
    String comment = optionalString(f, "comment");
    String flag = requiredScalar(f, "flag");
    if ("friend".equals(requestType)) {
      return new FriendRequestEvent(selfId, time, userId, comment, flag, f);
    }
    return new GroupRequestEvent(selfId, time, optionalString(f, "sub_type"), requiredLong(f, "group_id"),
        userId, comment, flag, f);
  }

  private static MetaEvent meta(JsonObject f) {
    String metaType = requiredString(f, "meta_event_type");
    switch (metaType) {
      case "lifecycle" -> {
        return new LifecycleEvent(requiredLong(f, "self_id"), requiredLong(f, "time"),
            optionalString(f, "sub_type"), f);
      }
      case "heartbeat" -> {
        long selfId = requiredLong(f, "self_id");
        long time = requiredLong(f, "time");
        long interval = requiredLong(f, "interval");
        if (interval < 0) {
          throw new Refusal(RejectReason.WRONG_TYPE, "interval: negative: " + interval);
        }
        Object status = value(f, "status");
        JsonObject statusObject;
        if (status == null) {
          statusObject = new JsonObject();
        } else if (status instanceof JsonObject s) {
          statusObject = s;
        } else {
          throw new Refusal(RejectReason.WRONG_TYPE, "status: not an object but " + preview(status));
        }
        return new HeartbeatEvent(selfId, time, interval, statusObject, f);
      }
      default -> throw new Refusal(RejectReason.UNKNOWN_EVENT_TYPE, "meta_event_type: " + preview(metaType));
    }
  }
}
