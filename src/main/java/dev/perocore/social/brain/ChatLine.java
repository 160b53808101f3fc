package dev.perocore.social.brain;

import java.util.Objects;

/**
 * One chat message as the brain sees it.
 *
 * @param messageId the platform's message id as text (empty for system rows)
 * @param senderId the sender's user id
 * @param senderName the sender's display name (card or nickname)
 * @param text the content as a CQ-code string, e.g. {@code [CQ:at,qq=10001] hello}
 * @param epochSeconds when the message was sent, in Unix seconds
 * @param fromBot whether the bot itself sent it
 */
public record ChatLine(
    String messageId, long senderId, String senderName, String text, long epochSeconds,
    boolean fromBot) {

  public ChatLine {
    messageId = Objects.requireNonNullElse(messageId, "");
    senderName = Objects.requireNonNullElse(senderName, "");
    text = Objects.requireNonNullElse(text, "");
  }
}
