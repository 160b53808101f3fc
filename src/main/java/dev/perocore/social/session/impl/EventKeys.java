package dev.perocore.social.session.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.event.FriendAddNotice;
import dev.perocore.social.onebot.event.FriendRecallNotice;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.onebot.event.NoticeEvent;
import dev.perocore.social.onebot.event.PokeNotice;
import io.vertx.core.json.JsonObject;

/** Which session an event concerns: the one rule the router and the shards share. */
public final class EventKeys {

  private EventKeys() {}

  public static ChatKey of(MessageEvent event) {
    return new ChatKey(event.selfId(), event.chatType(), event.peerId());
  }

  /**
   * The session a notice concerns: its group, else the private chat of its user (friend_add,
   * friend_recall); null when it names neither.
   */
  public static ChatKey of(NoticeEvent notice) {
    long self = notice.selfId();
    // Java 17: no pattern switch; the group notices all carry group_id.
    if (notice instanceof FriendRecallNotice n) {
      return ChatKey.privateChat(self, n.userId());
    }
    if (notice instanceof FriendAddNotice n) {
      return ChatKey.privateChat(self, n.userId());
    }
    if (notice instanceof PokeNotice n) {
      return n.groupId().isPresent()
          ? ChatKey.group(self, n.groupId().getAsLong())
          : ChatKey.privateChat(self, n.userId());
    }
    return fromRaw(self, notice.raw());
  }

  private static ChatKey fromRaw(long self, JsonObject raw) {
    long group = groupId(raw);
    if (group > 0) {
      return ChatKey.group(self, group);
    }
    long user = number(raw, "user_id");
    return user > 0 ? ChatKey.privateChat(self, user) : null;
  }

  static long groupId(JsonObject raw) {
    return number(raw, "group_id");
  }

  static long number(JsonObject raw, String field) {
    Object value = raw == null ? null : raw.getValue(field);
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }
}
