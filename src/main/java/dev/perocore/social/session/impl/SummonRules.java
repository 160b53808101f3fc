package dev.perocore.social.session.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.session.BotPolicy;
import dev.perocore.social.session.GroupMode;
import dev.perocore.social.session.SessionConfig;
import java.util.Locale;

/**
 * Whether a message may be answered at all (group mode, the bot's allow list) and whether it
 * summons the bot: every private message, a mention, a reply to one of the bot's messages, the
 * bot's name or a {@code session.summon_keywords} word. Decided from the event alone, when the
 * message arrives.
 */
final class SummonRules {

  private final SessionConfig config;

  SummonRules(SessionConfig config) {
    this.config = config;
  }

  /** Whether a message from a user in this chat may be answered at all (group mode, allow lists). */
  boolean answerable(ChatKey key, MessageEvent event) {
    return answerable(key, event.userId());
  }

  /** As {@link #answerable(ChatKey, MessageEvent)}, for a stored message re-read at start-up. */
  boolean answerable(ChatKey key, long userId) {
    BotPolicy policy = config.bot(key.selfId());
    GroupMode mode = key.type() == ChatType.GROUP
        ? policy.groupMode(key.peerId(), config.groupMode())
        : GroupMode.REPLY;
    return mode == GroupMode.REPLY && policy.userAllowed(userId);
  }

  boolean summons(ChatKey key, SessionState s, MessageEvent event) {
    return summons(key, s, event.message());
  }

  /**
   * As {@link #summons(ChatKey, SessionState, MessageEvent)}, from the message alone (a stored one
   * re-read at start-up: the session must know the bot's recent message ids for replies to it).
   */
  boolean summons(ChatKey key, SessionState s, Message message) {
    return key.type() == ChatType.PRIVATE || message.mentions(key.selfId())
        || message.replyToMessageId()
            .map(id -> s.isBotMessage(SessionState.messageId(id))).orElse(false)
        || keyword(config.bot(key.selfId()), message);
  }

  private boolean keyword(BotPolicy policy, Message message) {
    if (config.summonKeywords().isEmpty() && policy.name().isEmpty()) {
      return false;
    }
    String text = message.plainText().toLowerCase(Locale.ROOT);
    if (!policy.name().isEmpty() && text.contains(policy.name().toLowerCase(Locale.ROOT))) {
      return true;
    }
    for (String word : config.summonKeywords()) {
      if (text.contains(word.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
