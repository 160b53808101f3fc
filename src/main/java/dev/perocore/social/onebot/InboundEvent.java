package dev.perocore.social.onebot;

import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.onebot.event.OneBotEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * What the gateway publishes on the event bus for every accepted event: the parsed event and where
 * it came from. Sent with a local codec (the same object reaches the consumer, no copy), so
 * consumers must treat it as immutable.
 *
 * @param selfId the bot account the event belongs to
 * @param postType the event's post_type (message, notice, request, meta_event)
 * @param event the parsed event (raw JSON kept inside it)
 * @param connectionId the connection it arrived on, for logs
 * @param receivedAtMillis wall-clock time the frame was read
 * @param frame the frame's bytes as received (a copy Vert.x made off the network buffer), so a
 *     consumer that stores the raw event keeps the original text instead of encoding {@code
 *     event.raw()} again
 */
public record InboundEvent(long selfId, String postType, OneBotEvent event, String connectionId,
    long receivedAtMillis, Buffer frame) {

  /** The frame as text: what the implementation sent. */
  public String frameText() {
    return frame.toString(StandardCharsets.UTF_8);
  }

  /**
   * The frame's bytes, exactly: the array Vert.x copied the frame into when it holds nothing else
   * (no second copy), a copy otherwise. Never written: a consumer keeps them as they are.
   */
  public byte[] frameBytes() {
    byte[] whole = VertxInternals.wholeArray(frame);
    return whole != null ? whole : frame.getBytes();
  }
}
