package dev.perocore.social.onebot.event;

import dev.perocore.social.chat.ChatType;
import dev.perocore.social.onebot.message.Message;
import io.vertx.core.json.JsonObject;

import java.util.OptionalLong;

/**
 * A private (one-to-one) message.
 *
 * @param targetId NapCat's {@code target_id}: the recipient, present on the bot's own
 *     {@code message_sent} frames (where {@code user_id} is the bot itself)
 */
public record PrivateMessageEvent(
    long selfId,
    long time,
    String postType,
    String subType,
    String messageId,
    long userId,
    Sender sender,
    Message message,
    String rawMessage,
    OptionalLong targetId,
    JsonObject raw) implements MessageEvent {

  @Override
  public ChatType chatType() {
    return ChatType.PRIVATE;
  }

  /** The other person: the sender, or for the bot's own messages the recipient when known. */
  @Override
  public long peerId() {
    return fromSelf() && targetId.isPresent() ? targetId.getAsLong() : userId;
  }
}
