package dev.perocore.social.onebot.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.perocore.social.onebot.message.Segment;
import dev.perocore.social.onebot.message.SegmentData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * How {@link MessageFrameReader} reads one value at the parser's current token, each method giving
 * exactly what {@link FrameFields}/{@link Ids}/{@code Message.parse} give for the value FrameJson would
 * have built, or {@link GiveUp} when the value is one the fast path does not take (the frame then goes
 * through FrameJson and EventDecoder, which produce today's event or today's reject).
 */
final class FrameTokens {

  /** No value: used where a long field was absent, null or unreadable. */
  static final OptionalLong NONE = OptionalLong.empty();

  private FrameTokens() {}

  /** Ids.optionalLong of the value (empty for null, booleans, objects, arrays, odd strings). */
  static OptionalLong lenientLong(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        JsonParser.NumberType type = p.getNumberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
          return OptionalLong.of(p.getLongValue()); // no boxing for the common case
        }
        return Ids.optionalLong(p.getNumberValue());
      }
      case VALUE_STRING -> {
        return Ids.optionalLong(p.getText());
      }
      default -> {
        skip(p, t);
        return NONE;
      }
    }
  }

  /** FrameFields.requiredLong: present, not null, an integer or a numeric string. */
  static long requiredLong(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = p.getNumberType();
      if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
        return p.getLongValue(); // the common case, without an OptionalLong
      }
    }
    if (t == JsonToken.VALUE_NULL || t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      throw GiveUp.INSTANCE;
    }
    OptionalLong n = lenientLong(p, t);
    if (n.isEmpty()) {
      throw GiveUp.INSTANCE;
    }
    return n.getAsLong();
  }

  /**
   * The string value when it is one of {@code known} (returned as that constant: no String is built
   * for the frame's fixed vocabulary), else null; the caller then reads it as it would any string.
   */
  static String known(JsonParser p, String[] known) throws IOException {
    char[] chars = p.getTextCharacters();
    int offset = p.getTextOffset();
    int length = p.getTextLength();
    for (String k : known) {
      if (sameChars(k, chars, offset, length)) {
        return k;
      }
    }
    return null;
  }

  private static boolean sameChars(String k, char[] chars, int offset, int length) {
    if (k.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (k.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }

  /** FrameFields.optionalString / lenientString for a scalar: null is empty, numbers and booleans printed. */
  static String scalarString(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> "";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue().toString();
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      default -> throw GiveUp.INSTANCE;
    };
  }

  /** FrameFields.lenientString: as scalarString, and an object or array is ignored (empty). */
  static String lenientString(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      skip(p, t);
      return "";
    }
    return scalarString(p, t);
  }

  /**
   * The segments of an array-format {@code message}, as Message.parse reads them; every case it refuses
   * (an element that is not an object, a missing or empty type, a data that is not an object) gives up.
   */
  static List<Segment> segments(JsonParser p) throws IOException {
    List<Segment> out = new ArrayList<>(4);
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw GiveUp.INSTANCE;
      }
      String type = null;
      SegmentData data = null;
      boolean dataSeen = false;
      String key;
      while ((key = p.nextFieldName()) != null) {
        JsonToken v = p.nextToken();
        switch (key) {
          case "type" -> {
            if (type != null || v != JsonToken.VALUE_STRING) {
              throw GiveUp.INSTANCE; // a duplicate or a non-string type: the old path decides
            }
            type = p.getText();
          }
          case "data" -> {
            if (dataSeen) {
              throw GiveUp.INSTANCE;
            }
            dataSeen = true;
            if (v == JsonToken.START_OBJECT) {
              data = data(p);
            } else if (v != JsonToken.VALUE_NULL) {
              throw GiveUp.INSTANCE;
            }
          }
          default -> skip(p, v);
        }
      }
      if (type == null || type.isEmpty()) {
        throw GiveUp.INSTANCE;
      }
      out.add(data == null ? Segment.of(type, null) : data.segment(type));
    }
    return out;
  }

  /** A segment's data object, read as FrameJson.parseObject reads it, for the segment to keep. */
  private static SegmentData data(JsonParser p) throws IOException {
    SegmentData data = new SegmentData();
    String key;
    while ((key = p.nextFieldName()) != null) {
      p.nextToken();
      data.put(key, FrameJson.parseAny(p, false));
    }
    return data;
  }

  /**
   * Steps over the value at {@code t}, decoding every string and number on the way as FrameJson would
   * (so a value FrameJson would fail on fails here too, and raw() can later be built from the bytes).
   */
  static void skip(JsonParser p, JsonToken t) throws IOException {
    int depth = 0;
    JsonToken token = t;
    while (true) {
      switch (token) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        case VALUE_STRING -> p.getTextCharacters();
        case VALUE_NUMBER_INT -> p.getNumberType();
        case VALUE_NUMBER_FLOAT -> p.getNumberValue();
        case FIELD_NAME, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> { }
        default -> throw GiveUp.INSTANCE;
      }
      if (depth == 0) {
        return;
      }
      token = p.nextToken();
      if (token == null) {
        throw GiveUp.INSTANCE;
      }
    }
  }

  /** The fast path does not take this frame; control flow only, so no stack trace. */
  static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final GiveUp INSTANCE = new GiveUp();

    private GiveUp() {
      super("not for the fast path", null, false, false);
    }
  }
}
