package dev.perocore.social.onebot.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a received frame's bytes into the very shape {@code io.vertx.core.json.Json.decodeValue}
 * gives (a {@link JsonObject} over {@link LinkedHashMap}s and {@link ArrayList}s, the same number
 * types, the same accepted syntax: comments allowed, trailing tokens refused), only cheaper; it is
 * the biggest single cost per inbound message.
 *
 * <p>Why cheaper: Jackson reads the byte array itself (Vert.x wraps the buffer in an InputStream and
 * copies it through Jackson's read buffer), and an event's top-level object is sized for a NapCat
 * frame's 15-20 fields up front (Vert.x starts every object at 16 and rehashes at the 13th field).
 * FrameJsonTest checks, frame by frame, that the result equals Vert.x's.
 */
public final class FrameJson {

  /** Shared with MessageFrameReader and LazyFrameMap, so all three accept exactly the same syntax. */
  static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS) // Vert.x's codec allows them: keep accepting what it accepted
      .build();
  /** Capacity of the top-level map: room for 24 fields before a rehash. */
  static final int TOP_CAPACITY = 32;

  private FrameJson() {}

  /**
   * The JSON value in bytes: a JsonObject, a JsonArray, a String, a Number, a Boolean or null.
   *
   * @throws DecodeException when the bytes are not one JSON value (the message says why)
   */
  public static Object parse(byte[] bytes) {
    return parse(bytes, 0, bytes.length);
  }

  /**
   * As {@link #parse(byte[])}, over {@code length} bytes of {@code bytes} from {@code offset}: a
   * frame is parsed where it lies in its buffer's array, without a copy.
   */
  public static Object parse(byte[] bytes, int offset, int length) {
    JsonParser parser;
    try {
      parser = FACTORY.createParser(bytes, offset, length);
    } catch (IOException e) {
      throw new DecodeException("Failed to decode:" + e.getMessage(), e);
    }
    Object value;
    JsonToken remaining;
    try (parser) {
      parser.nextToken();
      value = parseAny(parser, true);
      remaining = parser.nextToken();
    } catch (IOException e) {
      throw new DecodeException(e.getMessage(), e);
    }
    if (remaining != null) {
      throw new DecodeException("Unexpected trailing token");
    }
    if (value instanceof Map<?, ?> map) {
      return new JsonObject(cast(map));
    }
    if (value instanceof List<?> list) {
      return new JsonArray(list);
    }
    return value;
  }

  /** The value at the parser's current token, as {@link #parse(byte[])} builds it (maps and lists, not wrappers). */
  static Object parseAny(JsonParser parser, boolean top) throws IOException {
    switch (parser.currentTokenId()) {
      case JsonTokenId.ID_START_OBJECT:
        return parseObject(parser, top);
      case JsonTokenId.ID_START_ARRAY:
        return parseArray(parser);
      case JsonTokenId.ID_STRING:
        return parser.getText();
      case JsonTokenId.ID_NUMBER_FLOAT:
      case JsonTokenId.ID_NUMBER_INT:
        return parser.getNumberValue();
      case JsonTokenId.ID_TRUE:
        return Boolean.TRUE;
      case JsonTokenId.ID_FALSE:
        return Boolean.FALSE;
      case JsonTokenId.ID_NULL:
        return null;
      default:
        throw new DecodeException("Unexpected token");
    }
  }

  static Map<String, Object> parseObject(JsonParser parser, boolean top) throws IOException {
    String key = parser.nextFieldName();
    // Nested objects (sender, segment data) are small: the default capacity holds them.
    LinkedHashMap<String, Object> map = top ? new LinkedHashMap<>(TOP_CAPACITY) : new LinkedHashMap<>();
    while (key != null) {
      parser.nextToken();
      map.put(key, parseAny(parser, false));
      key = parser.nextFieldName();
    }
    return map;
  }

  private static List<Object> parseArray(JsonParser parser) throws IOException {
    List<Object> list = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      list.add(parseAny(parser, false));
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
