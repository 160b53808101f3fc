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
 * Strings and integers are written here; any other value is handed to Vert.x's own encoder, so the
 * output cannot drift from {@code encode()} (MessageTest and the decoder's equivalence test compare
 * the two).
 */
final class SegmentJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private SegmentJson() {}

  static String encode(List<Segment> segments) {
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
