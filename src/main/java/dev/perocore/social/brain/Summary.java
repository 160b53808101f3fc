package dev.perocore.social.brain;

import java.util.List;
import java.util.Objects;

/**
 * A summary of a range of messages, with keywords for later lookup.
 *
 * @param summary a few sentences
 * @param keywords short topic words, most important first
 */
public record Summary(String summary, List<String> keywords) {

  public Summary {
    Objects.requireNonNull(summary, "summary");
    keywords = keywords == null ? List.of() : List.copyOf(keywords);
  }
}
