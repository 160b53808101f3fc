package dev.perocore.social.brain;

import java.util.List;
import java.util.Objects;

/**
 * A claimed range of a session's messages to be summarized into long-term memory.
 *
 * @param sessionKey the session the messages belong to
 * @param messages the claimed messages, oldest first
 * @param bot the bot account whose chat it is: the summary prompt names it, so the bot's own lines
 *     and mentions of it are attributed to "me", not to a stranger
 */
public record SummaryRequest(String sessionKey, List<ChatLine> messages, BotIdentity bot) {

  public SummaryRequest {
    Objects.requireNonNull(sessionKey, "sessionKey");
    messages = messages == null ? List.of() : List.copyOf(messages);
    // A request from a node that did not send one: the number from the key, no name.
    bot = bot == null ? new BotIdentity(selfIdOf(sessionKey), "") : bot;
  }

  /** Without the bot's name (its number is read from the session key). */
  public SummaryRequest(String sessionKey, List<ChatLine> messages) {
    this(sessionKey, messages, null);
  }

  private static long selfIdOf(String sessionKey) {
    int colon = sessionKey.indexOf(':');
    try {
      return Long.parseLong(colon < 0 ? sessionKey : sessionKey.substring(0, colon));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
