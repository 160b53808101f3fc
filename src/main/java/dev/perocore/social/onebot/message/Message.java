package dev.perocore.social.onebot.message;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable OneBot v11 message: a list of {@link Segment}s. Implementations post it in either format
 * (a CQ-code string or an array of segments, NapCat tells which in {@code message_format}); both parse to
 * the same value, and either format can be produced for sending.
 */
public final class Message {

  private static final Message EMPTY = new Message(List.of());

  private final List<Segment> segments;
  // Both encodings are computed at most once per message (racing threads may each compute one; the
  // results are equal and a String is safely published through its final fields): every stored
  // message needs both, and the decoder may already have needed the CQ form for raw_message.
  private String cqText;
  private String jsonText;

  private Message(List<Segment> segments) {
    this.segments = segments;
  }

  /**
   * Parses a {@code message} field as received: a {@link String} is CQ-code text (never fails: malformed
   * CQ codes are kept as text), a {@link JsonArray} (or a {@link List}) is the array format.
   *
   * @throws IllegalArgumentException naming the offending element when the value is neither a string nor
   *     an array, or an element is not an object, has no non-empty string {@code type}, or has a
   *     {@code data} that is not an object
   */
  public static Message parse(Object messageField) {
    if (messageField instanceof String s) {
      return new Message(List.copyOf(CqCode.parse(s)));
    }
    if (messageField instanceof JsonArray a) {
      return fromArray(a);
    }
    if (messageField instanceof List<?> l) {
      return fromArray(new JsonArray(l));
    }
    throw new IllegalArgumentException(
        "message must be a CQ string or a segment array, got " + describe(messageField));
  }

  private static Message fromArray(JsonArray array) {
    List<Segment> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object element = array.getValue(i);
      JsonObject seg;
      if (element instanceof JsonObject o) {
        seg = o;
      } else if (element instanceof Map<?, ?> m) {
        seg = new JsonObject(castMap(m));
      } else {
        throw new IllegalArgumentException("message[" + i + "] is not an object but " + describe(element));
      }
      Object type = seg.getMap().get("type"); // a String as it is (getValue would test it against Map, List...)
      if (!(type instanceof String)) {
        type = seg.getValue("type");
      }
      if (type == null) {
        throw new IllegalArgumentException("message[" + i + "] has no type");
      }
      if (!(type instanceof String t) || t.isEmpty()) {
        throw new IllegalArgumentException("message[" + i + "].type is not a non-empty string");
      }
      Object data = seg.getValue("data");
      JsonObject d;
      if (data == null) {
        d = null;
      } else if (data instanceof JsonObject o) {
        d = o;
      } else if (data instanceof Map<?, ?> m) {
        d = new JsonObject(castMap(m));
      } else {
        throw new IllegalArgumentException("message[" + i + "].data is not an object but " + describe(data));
      }
      out.add(Segment.of(t, d));
    }
    return new Message(Collections.unmodifiableList(out));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof JsonObject || v instanceof Map) {
      return "an object";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof JsonArray || v instanceof List) {
      return "an array";
    }
    return v.getClass().getSimpleName();
  }

  public static Message of(List<? extends Segment> segments) {
    for (Segment s : segments) {
      if (s == null) {
        throw new IllegalArgumentException("a message cannot hold a null segment");
      }
    }
    return segments.isEmpty() ? EMPTY : new Message(List.copyOf(segments));
  }

  public static Message of(Segment... segments) {
    return of(Arrays.asList(segments));
  }

  /** A message of one text segment (nothing is interpreted: CQ-looking text stays text). */
  public static Message ofText(String text) {
    return new Message(List.of(Segment.text(text)));
  }

  public static Message empty() {
    return EMPTY;
  }

  /** The segments in order (unmodifiable). */
  public List<Segment> segments() {
    return segments;
  }

  public boolean isEmpty() {
    return segments.isEmpty();
  }

  /** The string format: text escaped, every segment as a CQ code (computed once). */
  public String toCqString() {
    String text = cqText;
    if (text == null) {
      text = CqCode.encode(segments);
      cqText = text;
    }
    return text;
  }

  /** The array format as JSON text: what {@code toJsonArray().encode()} gives, computed once. */
  public String jsonText() {
    String text = jsonText;
    if (text == null) {
      text = SegmentJson.encode(segments);
      jsonText = text;
    }
    return text;
  }

  /** The array format (a fresh array the caller may change). */
  public JsonArray toJsonArray() {
    JsonArray out = new JsonArray(new ArrayList<>(segments.size()));
    for (Segment s : segments) {
      out.add(s.toJson());
    }
    return out;
  }

  /** The text segments joined, unescaped; images, faces and mentions contribute nothing. */
  public String plainText() {
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments) {
      if (s instanceof Segment.Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /** True when an {@code at} names this account ({@code qq=all} does not count: see {@link #mentionsAll()}). */
  public boolean mentions(long selfId) {
    for (Segment s : segments) {
      if (s instanceof Segment.At at && at.targets(selfId)) {
        return true;
      }
    }
    return false;
  }

  /** True when an {@code at} has {@code qq=all} (everyone in the group). */
  public boolean mentionsAll() {
    for (Segment s : segments) {
      if (s instanceof Segment.At at && at.isAll()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The id of the message this one quotes (its first {@code reply} segment), as a decimal string when
   * numeric, so it compares equal to the {@code message_id} the bot got back when it sent that message.
   */
  public Optional<String> replyToMessageId() {
    for (Segment s : segments) {
      if (s instanceof Segment.Reply r) {
        String id = r.id();
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m && m.segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  /** The CQ string form (readable in logs). */
  @Override
  public String toString() {
    return toCqString();
  }
}
