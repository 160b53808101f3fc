package dev.perocore.social.onebot.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * The array format as text, written straight from the segments' shared data: the same characters
 * as {@code message.toJsonArray().encode()} without its two copies of every data object and the
 * wrapper objects around them (every stored message needs this text once, for its content column).
 *
 * <p>Two paths. Most messages hold only strings with nothing to escape, integers, booleans and
 * nulls: those are appended to one StringBuilder as they are (setting up a Jackson generator cost
 * more than writing such a message). Anything else, a string Jackson would escape or a nested
 * value, sends the whole message through a Jackson generator like Vert.x's, nested values through
 * Vert.x's own encoder, so the output cannot drift from {@code encode()} (MessageEncodingTest and
 * the decoder's FrameJsonTest compare the two).
 */
final class SegmentJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private SegmentJson() {}

  static String encode(List<Segment> segments) {
    String text = oneText(segments);
    if (text != null) {
      return text;
    }
    String plain = plain(segments);
    return plain != null ? plain : generated(segments);
  }

  /**
   * The commonest message, one text segment holding only its text with nothing to escape, in one
   * allocation (a concatenation sizes its String exactly; the builder below and its copy cost twice
   * the bytes); else null.
   */
  private static String oneText(List<Segment> segments) {
    if (segments.size() != 1 || !(segments.get(0) instanceof Segment.Text t)) {
      return null;
    }
    Map<String, Object> data = t.dataView().getMap();
    if (data.size() != 1 || !(data.get("text") instanceof String text) || !plain(text)) {
      return null;
    }
    return "[{\"type\":\"text\",\"data\":{\"text\":\"" + text + "\"}}]";
  }

  /** The text when every string needs no escaping and every value is a plain scalar; else null. */
  private static String plain(List<Segment> segments) {
    StringBuilder sb = new StringBuilder(32 + 48 * segments.size());
    sb.append('[');
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      if (i > 0) {
        sb.append(',');
      }
      if (!appendString(sb.append("{\"type\":"), segment.type())) {
        return null;
      }
      sb.append(",\"data\":{");
      boolean first = true;
      for (Map.Entry<String, Object> e : segment.dataView().getMap().entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        if (!appendString(sb, e.getKey())) {
          return null;
        }
        sb.append(':');
        Object v = e.getValue();
        if (v instanceof String str) {
          if (!appendString(sb, str)) {
            return null;
          }
        } else if (v instanceof Integer || v instanceof Long || v instanceof Boolean || v == null) {
          sb.append(v); // the digits, true/false or null Jackson writes for these
        } else {
          return null;
        }
      }
      sb.append("}}");
    }
    return sb.append(']').toString();
  }

  /** Appends s quoted when Jackson would write it unescaped (no control character, quote or backslash). */
  private static boolean appendString(StringBuilder sb, String s) {
    if (!plain(s)) {
      return false;
    }
    sb.append('"').append(s).append('"');
    return true;
  }

  /** True when Jackson writes s as it is between quotes: no control character, quote or backslash. */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static String generated(List<Segment> segments) {
    StringWriter out = new StringWriter(64 + 48 * segments.size());
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartArray();
      for (Segment segment : segments) {
        g.writeStartObject();
        g.writeStringField("type", segment.type());
        g.writeFieldName("data");
        g.writeStartObject();
        for (Map.Entry<String, Object> e : segment.dataView().getMap().entrySet()) {
          g.writeFieldName(e.getKey());
          value(g, e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new EncodeException(e.getMessage(), e);
    }
    return out.toString();
  }

  private static void value(JsonGenerator g, Object v) throws IOException {
    if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Integer i) {
      g.writeNumber(i.intValue());
    } else if (v instanceof Long l) {
      g.writeNumber(l.longValue());
    } else if (v == null) {
      g.writeNull();
    } else {
      g.writeRawValue(Json.encode(v)); // nested objects, arrays, other numbers: exactly as Vert.x writes them
    }
  }
}
