package dev.perocore.social.onebot.history;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.ActionResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * NapCat's {@code get_recent_contact}: the bot's most recent conversations with their last
 * message's time, so that a chat that first spoke while we were away is checked too. Entries:
 * {@code peerUin}, {@code chatType} (1 friend, 2 group, 100 group-temp), {@code msgTime} (epoch
 * seconds, a string); an entry this does not understand is skipped.
 */
public final class RecentContacts {

  public static final String ACTION = "get_recent_contact";

  private RecentContacts() {}

  public static ActionRequest request(long selfId, int count) {
    return ActionRequest.of(selfId, ACTION, new JsonObject().put("count", count));
  }

  /** The chats of {@code result} whose last message is at or after {@code sinceSecond}. */
  public static Set<ChatKey> chats(long selfId, ActionResult result, long sinceSecond) {
    Set<ChatKey> chats = new LinkedHashSet<>();
    Object data = result.data();
    if (!(data instanceof JsonArray array)) {
      return chats;
    }
    for (Object item : array) {
      if (!(item instanceof JsonObject contact)) {
        continue;
      }
      try {
        long peer = Long.parseLong(String.valueOf(contact.getValue("peerUin")).trim());
        int type = Integer.parseInt(String.valueOf(contact.getValue("chatType")).trim());
        long time = Long.parseLong(String.valueOf(contact.getValue("msgTime", "0")).trim());
        if (time < sinceSecond || peer <= 0) {
          continue;
        }
        if (type == 1 || type == 100) {
          chats.add(ChatKey.privateChat(selfId, peer));
        } else if (type == 2) {
          chats.add(ChatKey.group(selfId, peer));
        }
      } catch (NumberFormatException e) {
        // not a contact entry this understands
      }
    }
    return chats;
  }
}
