package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.ChatLine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A conversation as chat-completions turns: other people's lines as user turns (one line each,
 * {@code [MM-dd HH:mm] name (id): text}), the bot's own lines as assistant turns (its words only,
 * so the model does not learn to prefix itself), runs merged so that turns alternate, and the
 * flush's messages last, marked {@code #<message id>} for {@code [QUOTE:..]}. Each message
 * appears once: history rows that are also in the flush are left out of the history.
 */
final class ChatTurns {

  static final String LATEST = "Latest messages (answer these):";
  private static final int MAX_LINE_CHARS = 500;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");

  private final CqReadable cq;
  private final ZoneId zone;

  ChatTurns(CqReadable cq, ZoneId zone) {
    this.cq = cq;
    this.zone = zone;
  }

  /** History without the flush's own messages (the store returns them in both). */
  static List<ChatLine> withoutLatest(List<ChatLine> history, List<ChatLine> latest) {
    Set<String> ids = new HashSet<>();
    for (ChatLine line : latest) {
      ids.add(identity(line));
    }
    List<ChatLine> rest = new ArrayList<>(history.size());
    for (ChatLine line : history) {
      if (!ids.contains(identity(line))) {
        rest.add(line);
      }
    }
    return rest;
  }

  /**
   * Appends the turns to {@code messages}; the last is a user turn holding the flush, with {@code
   * images} (data URLs) as {@code image_url} parts after its text.
   */
  void append(JsonArray messages, List<ChatLine> history, List<ChatLine> latest,
      List<String> images) {
    StringBuilder run = new StringBuilder();
    boolean runIsBot = false;
    for (ChatLine line : history) {
      boolean bot = isBot(line);
      if (run.length() > 0 && bot != runIsBot) {
        messages.add(turn(runIsBot ? "assistant" : "user", run.toString().strip()));
        run.setLength(0);
      }
      runIsBot = bot;
      run.append(bot ? clip(cq.render(line.text())) : line(line, false)).append('\n');
    }
    if (run.length() > 0 && runIsBot) {
      messages.add(turn("assistant", run.toString().strip()));
      run.setLength(0);
    }
    // Trailing lines of others join the flush's turn: two user turns in a row would not alternate.
    if (run.length() > 0) {
      run.append('\n');
    }
    run.append(LATEST).append('\n');
    for (ChatLine line : latest) {
      run.append(line(line, true)).append('\n');
    }
    String text = run.toString().strip();
    if (images.isEmpty()) {
      messages.add(turn("user", text));
      return;
    }
    JsonArray parts = new JsonArray().add(new JsonObject().put("type", "text").put("text", text));
    for (String url : images) {
      parts.add(new JsonObject().put("type", "image_url")
          .put("image_url", new JsonObject().put("url", url)));
    }
    messages.add(new JsonObject().put("role", "user").put("content", parts));
  }

  /** A transcript line: {@code [MM-dd HH:mm] #id name (id): text}. */
  String line(ChatLine line, boolean withId) {
    StringBuilder text = new StringBuilder("[")
        .append(TIME.format(Instant.ofEpochSecond(line.epochSeconds()).atZone(zone))).append("] ");
    if (line.senderId() <= 0) {
      return text.append(clip(line.text())).toString(); // a [系统] line
    }
    if (withId && !line.messageId().isEmpty()) {
      text.append('#').append(line.messageId()).append(' ');
    }
    return text.append(cq.nameOf(line)).append(" (").append(line.senderId()).append("): ")
        .append(clip(cq.render(line.text()))).toString();
  }

  private boolean isBot(ChatLine line) {
    return line.fromBot();
  }

  private static String identity(ChatLine line) {
    return line.messageId() + '\u0000' + line.senderId() + '\u0000' + line.epochSeconds()
        + (line.messageId().isEmpty() ? '\u0000' + line.text() : "");
  }

  static String clip(String text) {
    String single = text.replace('\n', ' ');
    return single.length() > MAX_LINE_CHARS ? single.substring(0, MAX_LINE_CHARS) + "..." : single;
  }

  private static JsonObject turn(String role, String content) {
    return new JsonObject().put("role", role).put("content", content);
  }
}
