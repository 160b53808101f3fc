package dev.perocore.social.brain;

import java.util.List;
import java.util.Objects;

/**
 * A stored summary recalled into a prompt (long-term memory).
 *
 * @param summary the summary text
 * @param keywords its keywords
 * @param epochSeconds when it was written
 * @param chat where it was said, e.g. {@code this chat} or {@code group 30003}
 */
public record Memory(String summary, List<String> keywords, long epochSeconds, String chat) {

  public Memory {
    Objects.requireNonNull(summary, "summary");
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
    chat = Objects.requireNonNullElse(chat, "");
  }
}
