package dev.perocore.social.store;

import dev.perocore.social.chat.ChatKey;
import java.util.List;

/**
 * Messages handed to exactly one summarizer. Until {@link Store#storeSummary} or {@link
 * Store#release} no other claim can get them; claims do not survive a restart.
 *
 * @param id the claim's id
 * @param session the conversation
 * @param messages the claimed messages, oldest first (empty when there was nothing to claim)
 */
public record Claim(long id, ChatKey session, List<StoredMessage> messages) {

  public Claim {
    messages = List.copyOf(messages);
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }
}
