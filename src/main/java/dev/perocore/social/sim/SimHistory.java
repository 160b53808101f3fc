package dev.perocore.social.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What QQ remembers of the bot's chats, answered as NapCat answers its history actions
 * (NAPCAT-HISTORY.md): every message event the simulator generates is remembered here, also while
 * it is disconnected (the event itself is then lost, as NapCat buffers nothing).
 *
 * <ul>
 *   <li>{@code get_group_msg_history} / {@code get_friend_msg_history}: {@code count} (20);
 *       without {@code message_seq} (or "0"/""), the newest {@code count}; with it, the anchor is
 *       included and {@code reverse_order} (alias {@code reverseOrder}) true walks toward older
 *       messages, false toward newer; an unknown anchor fails ("消息X不存在"). Messages come
 *       oldest first, in {@code {messages: [...]}}.
 *   <li>{@code get_recent_contact}: {@code count} (10) chats, most recent first, with
 *       {@code peerUin}, {@code chatType} (1 friend, 2 group), {@code msgTime}, {@code msgId},
 *       {@code lastestMsg}.
 * </ul>
 *
 * <p>Thread-safe (synchronized): remembered from any thread, read by the action responder.
 */
final class SimHistory {

  /** Chat key ("group:ID" / "private:ID") to its messages, oldest first. */
  private final Map<String, List<JsonObject>> chats = new LinkedHashMap<>();

  /** Remembers a message event (a copy). Anything else is ignored. */
  synchronized void remember(JsonObject event) {
    if (!"message".equals(event.getString("post_type"))) {
      return;
    }
    chats.computeIfAbsent(key(event), k -> new ArrayList<>()).add(event.copy());
  }

  /** The answer's {@code data}, or null with {@code failure[0]} set when the action fails. */
  synchronized Object answer(String action, JsonObject params, String[] failure) {
    return switch (action) {
      case "get_group_msg_history" -> page("group:" + id(params.getValue("group_id")), params,
          failure);
      case "get_friend_msg_history" -> page("private:" + id(params.getValue("user_id")), params,
          failure);
      case "get_recent_contact" -> recent(params.getInteger("count", 10));
      default -> null;
    };
  }

  synchronized int size() {
    return chats.values().stream().mapToInt(List::size).sum();
  }

  private JsonObject page(String chat, JsonObject params, String[] failure) {
    List<JsonObject> all = chats.getOrDefault(chat, List.of());
    int count = Math.max(1, params.getInteger("count", 20));
    String seq = params.getValue("message_seq") == null ? ""
        : String.valueOf(params.getValue("message_seq")).trim();
    List<JsonObject> out;
    if (seq.isEmpty() || seq.equals("0")) {
      out = all.subList(Math.max(0, all.size() - count), all.size());
    } else {
      int at = -1;
      for (int i = all.size() - 1; i >= 0; i--) {
        if (seq.equals(String.valueOf(all.get(i).getValue("message_id")))) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        failure[0] = "消息" + seq + "不存在";
        return null;
      }
      boolean older = params.getBoolean("reverse_order", params.getBoolean("reverseOrder", false));
      out = older ? all.subList(Math.max(0, at - count + 1), at + 1)
          : all.subList(at, Math.min(all.size(), at + count));
    }
    JsonArray messages = new JsonArray();
    out.forEach(m -> messages.add(m.copy()));
    return new JsonObject().put("messages", messages);
  }

  private JsonArray recent(int count) {
    List<JsonObject> last = new ArrayList<>();
    chats.values().forEach(list -> last.add(list.get(list.size() - 1)));
    last.sort(Comparator.comparingLong((JsonObject m) -> m.getLong("time")).reversed());
    JsonArray out = new JsonArray();
    for (JsonObject m : last.subList(0, Math.min(count, last.size()))) {
      boolean group = "group".equals(m.getString("message_type"));
      out.add(new JsonObject()
          .put("peerUin", String.valueOf(group ? m.getValue("group_id") : m.getValue("user_id")))
          .put("chatType", group ? 2 : 1)
          .put("msgTime", String.valueOf(m.getLong("time")))
          .put("msgId", String.valueOf(m.getValue("message_id")))
          .put("lastestMsg", m.copy()));
    }
    return out;
  }

  private static String key(JsonObject event) {
    return "group".equals(event.getString("message_type"))
        ? "group:" + event.getValue("group_id") : "private:" + event.getValue("user_id");
  }

  private static String id(Object value) {
    return value == null ? "" : String.valueOf(value).trim();
  }
}
