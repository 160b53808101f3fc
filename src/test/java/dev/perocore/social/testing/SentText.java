package dev.perocore.social.testing;

import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.onebot.message.Segment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads what a send action carried, as the implementation received it. The adapter sends segment
 * arrays only (a CQ string would let model text become an at-all or a file read), so anything else
 * is an error here, not a value to compare.
 */
public final class SentText {

  private SentText() {}

  /**
   * The text of a {@code send_*_msg} action's params: its {@code message} must be a segment array
   * of text segments only.
   */
  public static String of(JsonObject params) {
    Object message = params.getValue("message");
    if (!(message instanceof JsonArray array)) {
      throw new AssertionError("message was sent as " + message + ", not as a segment array");
    }
    StringBuilder text = new StringBuilder();
    for (Segment segment : Message.parse(array).segments()) {
      if (!(segment instanceof Segment.Text t)) {
        throw new AssertionError("a non-text segment was sent: " + segment.toJson().encode());
      }
      text.append(t.text());
    }
    return text.toString();
  }
}
