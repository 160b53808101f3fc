package dev.perocore.social.onebot.message;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;

/**
 * A segment's {@code data} as a reader decodes it, handed whole to the segment it becomes: the
 * segment keeps this map instead of copying it (the copy was ~190 bytes per inbound segment). The
 * map never leaves this object except inside that segment, and {@link #segment} can be called once
 * only, so nothing can change the data after the segment has it: the immutability every Segment
 * promises holds as if it had copied.
 *
 * <p>Values are stored as {@link JsonObject#copy()} would store them (nested maps and lists as
 * JsonObject and JsonArray), so the segment equals, encodes and reads exactly as one built by
 * {@link Segment#of(String, JsonObject)}.
 */
public final class SegmentData {

  private Owned map = new Owned();

  /** Adds (or replaces, as a JSON object's later duplicate does) one field: a string, number, boolean, null, map or list. */
  public SegmentData put(String key, Object value) {
    if (map == null) {
      throw new IllegalStateException("this data already belongs to a segment");
    }
    map.put(key, value == null || value instanceof String || value instanceof Number
        || value instanceof Boolean ? value : asCopied(value));
    return this;
  }

  /**
   * The segment of this type holding this data, as {@link Segment#of(String, JsonObject)} builds it;
   * the data is the segment's from now on (a second call, or a put, fails).
   */
  public Segment segment(String type) {
    Owned data = map;
    if (data == null) {
      throw new IllegalStateException("this data already belongs to a segment");
    }
    map = null;
    return Segment.of(type, new JsonObject(data));
  }

  /** True for data a segment may keep without a copy: handed over by {@link #segment}, never changed after. */
  static boolean owned(JsonObject data) {
    return data.getMap() instanceof Owned;
  }

  private static Object asCopied(Object value) {
    return new JsonObject().put("v", value).copy().getMap().get("v");
  }

  /** The map type that marks handed-over data; small, as most segments hold one to five fields. */
  private static final class Owned extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    Owned() {
      super(4);
    }
  }
}
