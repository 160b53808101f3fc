package dev.perocore.social.onebot.event;

import dev.perocore.social.chat.ChatType;
import dev.perocore.social.onebot.message.Message;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/** A group message; {@code anonymous} is present for anonymous posts (sub_type {@code anonymous}). */
public record GroupMessageEvent(
    long selfId,
    long time,
    String postType,
    String subType,
    String messageId,
    long groupId,
    long userId,
    Sender sender,
    Optional<AnonymousSender> anonymous,
    Message message,
    String rawMessage,
    JsonObject raw) implements MessageEvent {

  /** The spec's {@code anonymous} object: anonymous id, name, and the flag needed to ban it. */
  public record AnonymousSender(long id, String name, String flag) {}

  @Override
  public ChatType chatType() {
    return ChatType.GROUP;
  }

  @Override
  public long peerId() {
    return groupId;
  }
}
