package dev.perocore.social.onebot.history;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.onebot.ActionRequest;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How an implementation pages its history, chosen by {@code get_version_info}'s {@code app_name}
 * (NAPCAT-HISTORY.md). Every strategy is asked the same way — the newest page without an anchor,
 * then pages ending at the oldest message seen — and answers with the parameters its
 * implementation understands. Pages may repeat the anchor; {@link ChatHistory} drops repeats.
 */
public enum HistoryStrategy {
  /**
   * NapCat: {@code message_seq} is a short message id, the anchor is included, {@code
   * reverse_order=true} walks toward older messages; {@code get_recent_contact} exists.
   */
  NAPCAT("NapCat", true, true) {
    @Override
    void anchor(JsonObject params, long anchor) {
      params.put("message_seq", anchor).put("reverse_order", true).put("reverseOrder", true);
    }
  },
  /** Lagrange.OneBot: {@code message_id} (0 = latest), walking backwards, anchor included. */
  LAGRANGE("Lagrange.OneBot", true, false) {
    @Override
    void anchor(JsonObject params, long anchor) {
      params.put("message_id", anchor);
    }
  },
  /** LLOneBot / LuckyLilliaBot: {@code message_seq} is the newest message of the page. */
  LLONEBOT("LLOneBot", true, false) {
    @Override
    void anchor(JsonObject params, long anchor) {
      params.put("message_seq", anchor);
    }
  },
  /** go-cqhttp: group history only, {@code message_seq} and older. */
  GO_CQHTTP("go-cqhttp", false, false) {
    @Override
    void anchor(JsonObject params, long anchor) {
      params.put("message_seq", anchor);
    }
  },
  /** Anything else: no history is asked for (said once per bot). */
  NONE("none", false, false) {
    @Override
    void anchor(JsonObject params, long anchor) {
      throw new UnsupportedOperationException("no history");
    }
  };

  private final String label;
  private final boolean privateHistory;
  private final boolean recentContacts;

  HistoryStrategy(String label, boolean privateHistory, boolean recentContacts) {
    this.label = label;
    this.privateHistory = privateHistory;
    this.recentContacts = recentContacts;
  }

  /** The strategy for an {@code app_name} ("NapCat.Onebot", "Lagrange.OneBot", "LLOneBot", ...). */
  public static HistoryStrategy of(String appName) {
    String name = appName == null ? "" : appName.toLowerCase(Locale.ROOT).replace("_", "-");
    if (name.contains("napcat")) {
      return NAPCAT;
    } else if (name.contains("lagrange")) {
      return LAGRANGE;
    } else if (name.contains("llonebot") || name.contains("luckylillia")) {
      return LLONEBOT;
    } else if (name.contains("go-cqhttp") || name.contains("gocqhttp")) {
      return GO_CQHTTP;
    }
    return NONE;
  }

  public String label() {
    return label;
  }

  /** Whether this implementation can say anything about {@code type} chats. */
  public boolean supports(ChatType type) {
    return this != NONE && (type == ChatType.GROUP || privateHistory);
  }

  /**
   * Whether a page holds {@code count} messages when the history has that many: then a shorter
   * page is the chat's beginning. go-cqhttp answers a fixed number (19) whatever is asked.
   */
  public boolean honoursCount() {
    return this != GO_CQHTTP;
  }

  /** Whether {@code get_recent_contact} names the chats active while we were away. */
  public boolean hasRecentContacts() {
    return recentContacts;
  }

  /** One history page of {@code chat}: the newest {@code count} without an anchor, else ending there. */
  ActionRequest page(ChatKey chat, OptionalLong anchor, int count) {
    boolean group = chat.type() == ChatType.GROUP;
    JsonObject params = new JsonObject().put("count", count);
    // Ids as strings: NapCat's schema takes group_id/user_id as strings, the others take both.
    params.put(group ? "group_id" : "user_id", Long.toString(chat.peerId()));
    anchor.ifPresent(a -> anchor(params, a));
    return ActionRequest.of(chat.selfId(),
        group ? "get_group_msg_history" : "get_friend_msg_history", params);
  }

  abstract void anchor(JsonObject params, long anchor);
}
