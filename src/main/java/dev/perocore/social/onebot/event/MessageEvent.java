package dev.perocore.social.onebot.event;

import dev.perocore.social.chat.ChatType;
import dev.perocore.social.onebot.message.Message;

/**
 * A chat message, private or group. Also carries NapCat's {@code message_sent} frames (the bot's own
 * messages, echoed when "report self message" is on): they decode to the same records with
 * {@link #postType()} {@code message_sent}, and {@link #fromSelf()} tells them apart.
 */
public sealed interface MessageEvent extends OneBotEvent permits PrivateMessageEvent, GroupMessageEvent {

  String POST_TYPE = "message";
  /** NapCat's post type for messages the bot itself sent. */
  String POST_TYPE_SENT = "message_sent";
  String PRIVATE = "private";
  String GROUP = "group";

  /** The message id as a decimal string (implementations send numbers or strings). */
  String messageId();

  /** The sender's account. */
  long userId();

  Sender sender();

  Message message();

  /** The CQ-string form as the implementation sent it (computed from {@link #message()} if absent). */
  String rawMessage();

  /** private: {@code friend}, {@code group} (temporary chat), {@code other}; group: {@code normal}, ... */
  String subType();

  /** The kind of conversation this message belongs to (OneBot's {@code message_type}). */
  ChatType chatType();

  /** The conversation partner: the other person's account in private, the group id in a group. */
  long peerId();

  /** The bot's own message ({@code message_sent}, or a sender equal to the bot account). */
  default boolean fromSelf() {
    return POST_TYPE_SENT.equals(postType()) || userId() == selfId();
  }

  /** An {@code at} of the bot account in this message ({@code @all} is not counted). */
  default boolean mentionsSelf() {
    return message().mentions(selfId());
  }

  /**
   * The key under which a redelivered copy (after a reconnect) is the same message: bot account and
   * message id. Message ids are unique per bot account, not across accounts.
   */
  default String dedupeKey() {
    return selfId() + ":" + messageId();
  }
}
