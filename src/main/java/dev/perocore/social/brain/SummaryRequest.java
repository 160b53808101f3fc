package dev.perocore.social.brain;

import java.util.List;
import java.util.Objects;

/**
 * A claimed range of a session's messages to be summarized into long-term memory.
 *
 * @param sessionKey the session the messages belong to
 * @param messages the claimed messages, oldest first
 */
public record SummaryRequest(String sessionKey, List<ChatLine> messages) {

  public SummaryRequest {
    Objects.requireNonNull(sessionKey, "sessionKey");
    messages = messages == null ? List.of() : List.copyOf(messages);
  }
}
