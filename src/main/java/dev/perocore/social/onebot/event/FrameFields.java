package dev.perocore.social.onebot.event;

import dev.perocore.social.onebot.message.MessageIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.OptionalLong;

/**
 * How {@link EventDecoder} reads one field of a frame: strict for routing and identity fields (a
 * {@link Refusal} naming the field), lenient for descriptive ones. Stateless.
 */
final class FrameFields {

  private FrameFields() {}

  static String requiredString(JsonObject f, String key) {
    Object v = value(f, key);
    if (v == null) {
      throw new Refusal(RejectReason.MISSING_FIELD, key + ": missing");
    }
    if (!(v instanceof String s)) {
      throw new Refusal(RejectReason.WRONG_TYPE, key + ": not a string but " + preview(v));
    }
    return s;
  }

  /** A required opaque token (a request flag): a string, or a number some implementations send. */
  static String requiredScalar(JsonObject f, String key) {
    Object v = value(f, key);
    if (v == null) {
      throw new Refusal(RejectReason.MISSING_FIELD, key + ": missing");
    }
    if (v instanceof String s) {
      if (s.isEmpty()) {
        throw new Refusal(RejectReason.MISSING_FIELD, key + ": empty");
      }
      return s;
    }
    OptionalLong n = Ids.optionalLong(v);
    if (n.isEmpty()) {
      throw new Refusal(RejectReason.WRONG_TYPE, key + ": not a string but " + preview(v));
    }
    return Long.toString(n.getAsLong());
  }

  /** Absent or null is empty; strings as they are, numbers and booleans printed; anything else is refused. */
  static String optionalString(JsonObject f, String key) {
    Object v = value(f, key);
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    throw new Refusal(RejectReason.WRONG_TYPE, key + ": not a string but " + preview(v));
  }

  /** Like optionalString, but a value of any other shape is ignored (descriptive fields only). */
  static String lenientString(JsonObject o, String key) {
    Object v = value(o, key);
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return "";
  }

  static long requiredLong(JsonObject f, String key) {
    Object v = value(f, key);
    if (v == null) {
      throw new Refusal(RejectReason.MISSING_FIELD, key + ": missing");
    }
    OptionalLong n = Ids.optionalLong(v);
    if (n.isEmpty()) {
      throw new Refusal(RejectReason.WRONG_TYPE, key + ": not an integer: " + preview(v));
    }
    return n.getAsLong();
  }

  static long optionalLong(JsonObject f, String key, long fallback) {
    OptionalLong n = optionalId(f, key);
    return n.isPresent() ? n.getAsLong() : fallback;
  }

  /** Absent or null is empty; present must be an integer. */
  static OptionalLong optionalId(JsonObject f, String key) {
    Object v = value(f, key);
    if (v == null) {
      return OptionalLong.empty();
    }
    OptionalLong n = Ids.optionalLong(v);
    if (n.isEmpty()) {
      throw new Refusal(RejectReason.WRONG_TYPE, key + ": not an integer: " + preview(v));
    }
    return n;
  }

  /** A message id: an integer number or a non-blank string, normalised by {@link MessageIds}. */
  static String requiredId(JsonObject f, String key) {
    Object v = value(f, key);
    if (v == null) {
      throw new Refusal(RejectReason.MISSING_FIELD, key + ": missing");
    }
    if (v instanceof String s) {
      if (s.isBlank()) {
        throw new Refusal(RejectReason.WRONG_TYPE, key + ": blank");
      }
      return MessageIds.normalize(s);
    }
    OptionalLong n = Ids.optionalLong(v);
    if (n.isEmpty()) {
      throw new Refusal(RejectReason.WRONG_TYPE, key + ": not an id: " + preview(v));
    }
    return MessageIds.normalize(n.getAsLong());
  }

  /**
   * {@code o.getValue(key)}, with the common scalar shapes answered first: getValue tests every value
   * against Map, List, Buffer and other types before returning a String or a number as it is, and those
   * failing interface checks were the decoder's largest cost per message.
   */
  static Object value(JsonObject o, String key) {
    Object v = o.getMap().get(key);
    if (v == null || v instanceof String || v instanceof Integer || v instanceof Long) {
      return v;
    }
    return o.getValue(key);
  }

  /** A short, log-safe rendering of a peer-supplied value. */
  static String preview(Object v) {
    if (v instanceof String s) {
      return "\"" + shorten(s) + "\"";
    }
    if (v instanceof JsonObject) {
      return "an object";
    }
    if (v instanceof JsonArray) {
      return "an array";
    }
    return shorten(String.valueOf(v));
  }

  static String shorten(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /** A refusal on the way down; caught in decode. Carries no stack trace: it is control flow. */
  static final class Refusal extends RuntimeException {
    final String reason;
    final String detail;

    Refusal(String reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
      this.detail = detail;
    }
  }
}
