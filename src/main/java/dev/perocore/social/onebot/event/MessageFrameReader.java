package dev.perocore.social.onebot.event;

import static dev.perocore.social.onebot.event.FrameTokens.lenientLong;
import static dev.perocore.social.onebot.event.FrameTokens.requiredLong;
import static dev.perocore.social.onebot.event.FrameTokens.scalarString;
import static dev.perocore.social.onebot.event.FrameTokens.skip;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.perocore.social.onebot.event.FrameTokens.GiveUp;
import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.onebot.message.MessageIds;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The fast path for the commonest frame, a message event: reads the frame's tokens straight into a
 * {@link GroupMessageEvent} or {@link PrivateMessageEvent}, without the JsonObject tree FrameJson builds
 * (that tree was ~30% of the bytes allocated per inbound message). The event's raw() is a
 * {@link LazyFrameMap}: the same tree, parsed from the bytes only if a consumer reads it.
 *
 * <p>The contract is all or nothing: {@link #read} returns the very event (equal in every field, raw()
 * included) that {@code EventDecoder.decode(FrameJson.parse(bytes))} gives, or null, and then the frame
 * goes the old way, so every reject reason, detail and counter is today's. It gives up on anything
 * unusual: another post_type, a duplicate field it reads, a value of a type it does not take, invalid
 * JSON or trailing tokens, any case EventDecoder would refuse. MessageFrameReaderTest proves the
 * equality over the fixtures and thousands of generated frames. Stateless and thread-safe.
 */
public final class MessageFrameReader {

  // The fixed vocabulary as constants: a varargs array per field read was ~2% of the loops' bytes.
  private static final String[] POST_TYPES = {MessageEvent.POST_TYPE, MessageEvent.POST_TYPE_SENT};
  private static final String[] MESSAGE_TYPES = {MessageEvent.GROUP, MessageEvent.PRIVATE};
  private static final String[] SUB_TYPES = {"normal", "friend", "group"};

  private MessageFrameReader() {}

  /** The message event in {@code length} bytes of {@code bytes} from {@code offset}, or null: use the old path. */
  public static MessageEvent read(byte[] bytes, int offset, int length) {
    try (JsonParser parser = FrameJson.FACTORY.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Fields f = new Fields();
      String key;
      while ((key = parser.nextFieldName()) != null) {
        f.read(key, parser, parser.nextToken());
      }
      if (parser.nextToken() != null) {
        return null; // trailing tokens: FrameJson refuses them
      }
      return f.event(new JsonObject(new LazyFrameMap(bytes, offset, length)));
    } catch (IOException | RuntimeException e) {
      return null; // GiveUp, or a frame FrameJson refuses: the old path says why
    }
  }

  /** What one frame said, field by field; bits mark the fields seen (a duplicate gives up). */
  private static final class Fields {
    private int seen;
    private String postType;
    private String messageType;
    private long selfId;
    private long time;
    private long userId;
    private OptionalLong groupId = FrameTokens.NONE;
    private boolean groupIdBad;
    private OptionalLong targetId = FrameTokens.NONE;
    private String messageId;
    private String subType = "";
    private String rawMessage;
    private Message message;
    private SenderFields sender;

    private void read(String key, JsonParser p, JsonToken t) throws IOException {
      switch (key) {
        case "post_type" -> {
          once(1);
          postType = vocabulary(p, t, POST_TYPES);
        }
        case "message_type" -> {
          once(1 << 1);
          messageType = vocabulary(p, t, MESSAGE_TYPES);
        }
        case "self_id" -> {
          once(1 << 2);
          selfId = requiredLong(p, t);
        }
        case "time" -> {
          once(1 << 3);
          time = requiredLong(p, t);
        }
        case "user_id" -> {
          once(1 << 4);
          userId = requiredLong(p, t);
        }
        case "group_id" -> { // required for group messages only: judged in event()
          once(1 << 5);
          groupId = lenientLong(p, t);
          groupIdBad = groupId.isEmpty(); // null, not a number, not numeric: refused for a group
        }
        case "target_id" -> {
          once(1 << 6);
          targetId = lenientLong(p, t);
        }
        case "message_id" -> {
          once(1 << 7);
          messageId = messageId(p, t);
        }
        case "sub_type" -> {
          once(1 << 8);
          String common = t == JsonToken.VALUE_STRING ? FrameTokens.known(p, SUB_TYPES) : null;
          subType = common != null ? common : scalarString(p, t);
        }
        case "raw_message" -> {
          once(1 << 9);
          rawMessage = t == JsonToken.VALUE_NULL ? null : scalarString(p, t);
        }
        case "message" -> {
          once(1 << 10);
          if (t == JsonToken.START_ARRAY) {
            message = Message.of(FrameTokens.segments(p));
          } else if (t == JsonToken.VALUE_STRING) {
            message = Message.parse(p.getText());
          } else {
            throw GiveUp.INSTANCE;
          }
        }
        case "sender" -> {
          once(1 << 11);
          if (t == JsonToken.START_OBJECT) {
            sender = SenderFields.read(p);
          } else if (t != JsonToken.VALUE_NULL) {
            throw GiveUp.INSTANCE;
          }
        }
        case "anonymous" -> { // null is what the old path ignores too; an anonymous post goes the old way
          if (t != JsonToken.VALUE_NULL) {
            throw GiveUp.INSTANCE;
          }
        }
        // Another kind of event: stop reading now rather than at its post_type.
        case "notice_type", "request_type", "meta_event_type" -> throw GiveUp.INSTANCE;
        // An action response (no post_type; NapCat puts status first): its data may be a whole
        // history page, which the old path parses anyway. Walking it here first cost a 376 KB
        // get_msg_history answer 1.1 ms more on the event loop (review of issue 12's fast path).
        case "status", "retcode", "echo", "data" -> throw GiveUp.INSTANCE;
        default -> skip(p, t);
      }
    }

    private void once(int bit) {
      if ((seen & bit) != 0) {
        throw GiveUp.INSTANCE; // a repeated field: the old path keeps the last one, and decides
      }
      seen |= bit;
    }

    /** A string that must be one of {@code values} (anything else is for the old path). */
    private static String vocabulary(JsonParser p, JsonToken t, String[] values) throws IOException {
      String s = t == JsonToken.VALUE_STRING ? FrameTokens.known(p, values) : null;
      if (s == null) {
        throw GiveUp.INSTANCE;
      }
      return s;
    }

    /** FrameFields.requiredId: a non-blank string or an integer, normalised. */
    private static String messageId(JsonParser p, JsonToken t) throws IOException {
      if (t == JsonToken.VALUE_STRING) {
        String s = p.getText();
        if (s.isBlank()) {
          throw GiveUp.INSTANCE;
        }
        return MessageIds.normalize(s);
      }
      if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
        throw GiveUp.INSTANCE;
      }
      return MessageIds.normalize(requiredLong(p, t));
    }

    private MessageEvent event(JsonObject raw) {
      int required = 1 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4 | 1 << 7 | 1 << 10;
      if ((seen & required) != required) {
        throw GiveUp.INSTANCE;
      }
      boolean group = MessageEvent.GROUP.equals(messageType);
      if (group && ((seen & 1 << 5) == 0 || groupIdBad)) {
        throw GiveUp.INSTANCE;
      }
      String raws = rawMessage == null ? message.toCqString() : rawMessage;
      Sender s = sender == null ? Sender.ofUserId(userId) : sender.sender(userId);
      if (!group) {
        return new PrivateMessageEvent(selfId, time, postType, subType, messageId, userId, s, message, raws,
            targetId, raw);
      }
      return new GroupMessageEvent(selfId, time, postType, subType, messageId, groupId.getAsLong(), userId, s,
          Optional.empty(), message, raws, raw);
    }
  }
}
