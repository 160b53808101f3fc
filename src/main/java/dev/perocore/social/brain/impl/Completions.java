package dev.perocore.social.brain.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reads the answer text out of a chat-completions response body. */
final class Completions {

  private Completions() {}

  /**
   * {@code choices[0].message.content}; a list of content parts is joined.
   *
   * @throws IllegalArgumentException or {@link ClassCastException} when it is not a completion
   */
  static String contentOf(JsonObject completion) {
    if (completion == null) {
      throw new IllegalArgumentException("empty body");
    }
    JsonArray choices = completion.getJsonArray("choices");
    if (choices == null || choices.isEmpty()) {
      throw new IllegalArgumentException("no choices");
    }
    JsonObject message = choices.getJsonObject(0).getJsonObject("message");
    if (message == null) {
      throw new IllegalArgumentException("no message");
    }
    Object content = message.getValue("content");
    if (content instanceof String text) {
      return text;
    }
    if (content instanceof JsonArray parts) {
      StringBuilder text = new StringBuilder();
      for (Object part : parts) {
        if (part instanceof JsonObject p && p.getValue("text") instanceof String t) {
          text.append(t);
        }
      }
      return text.toString();
    }
    if (content == null) {
      // Some servers answer a refusal or an empty turn with null content: that is silence.
      return "";
    }
    throw new IllegalArgumentException("content is " + content.getClass().getSimpleName());
  }
}
