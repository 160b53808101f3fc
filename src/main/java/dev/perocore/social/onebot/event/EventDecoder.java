package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/**
 * Turns a received OneBot v11 frame into a {@link OneBotEvent}, or a {@link DecodeResult.Rejected} with
 * a low-cardinality reason and a detail naming the field. Never throws. Stateless and thread-safe: one
 * instance may serve every connection.
 */
public final class EventDecoder {

  /** Decodes a parsed frame. The decoder takes ownership: the frame becomes the event's raw(). */
  public DecodeResult decode(JsonObject frame) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Parses text as JSON and decodes it; text that is not a JSON object is rejected as invalid_json. */
  public DecodeResult decodeText(String text) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * True for an action response rather than an event: it carries {@code echo} or {@code retcode}/{@code
   * status} and no {@code post_type}. A Universal connection carries both on one socket.
   */
  public static boolean isActionResponse(JsonObject frame) {
    return frame.getValue("post_type") == null
        && (frame.containsKey("echo") || frame.containsKey("retcode") || frame.containsKey("status"));
  }
}
