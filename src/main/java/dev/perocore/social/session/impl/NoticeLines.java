package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.store.NoticeRow;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Notices as {@code [系统]} lines of the history (issue 15): recalls, mutes, joins and leaves
 * within the history's window, so the model knows that a message was recalled or someone left
 * and does not answer into the void. Other notices (pokes, uploads, honours) stay out.
 */
final class NoticeLines {

  static final String PREFIX = "[系统] ";

  private NoticeLines() {}

  /**
   * The history with the notices since its first line (all of them when it is empty) merged in
   * by time; a notice at the same second as a message comes after it.
   */
  static List<ChatLine> merge(List<ChatLine> history, List<NoticeRow> notices) {
    if (notices.isEmpty()) {
      return history;
    }
    Map<Long, String> names = new HashMap<>();
    history.forEach(line -> {
      if (line.senderId() > 0 && !line.senderName().isEmpty()) {
        names.put(line.senderId(), line.senderName());
      }
    });
    long since = history.isEmpty() ? Long.MIN_VALUE : history.get(0).epochSeconds();
    List<ChatLine> merged = new ArrayList<>(history);
    for (NoticeRow notice : notices) {
      long at = notice.eventTime().getEpochSecond();
      String text = at < since ? null : text(notice, names);
      if (text != null) {
        merged.add(new ChatLine("", 0, "", PREFIX + text, at, false));
      }
    }
    merged.sort(Comparator.comparingLong(ChatLine::epochSeconds)); // stable: messages first
    return merged;
  }

  /** The line's text, or null for a notice the model does not need. */
  static String text(NoticeRow n, Map<Long, String> names) {
    String user = who(n.userId(), names);
    String operator = who(n.operatorId(), names);
    String sub = n.subType() == null ? "" : n.subType();
    boolean self = n.userId() != null && n.userId() == n.selfId();
    return switch (n.noticeType()) {
      case "group_recall" -> n.operatorId() == null || n.operatorId().equals(n.userId())
          ? user + " 撤回了一条消息" : operator + " 撤回了 " + user + " 的一条消息";
      case "friend_recall" -> "对方撤回了一条消息";
      case "group_ban" -> ban(n, sub, user, operator, self);
      case "group_increase" -> (self ? "你" : user) + " 加入了群聊";
      case "group_decrease" -> switch (sub) {
        case "kick" -> user + " 被 " + operator + " 移出了群聊";
        case "kick_me" -> "你被 " + operator + " 移出了群聊";
        default -> user + " 退出了群聊";
      };
      default -> null;
    };
  }

  private static String ban(NoticeRow n, String sub, String user, String operator,
      boolean self) {
    boolean whole = n.userId() == null || n.userId() == 0;
    String target = whole ? "全体成员" : self ? "你" : user;
    if ("lift_ban".equals(sub)) {
      return operator + " 解除了 " + target + " 的禁言";
    }
    long seconds = new JsonObject(n.detailJson()).getLong("duration", 0L);
    return target + " 被 " + operator + " 禁言" + (whole || seconds == 0 ? "" : " " + seconds + " 秒");
  }

  private static String who(Long id, Map<Long, String> names) {
    if (id == null || id == 0) {
      return "某人";
    }
    String name = names.get(id);
    return name == null ? Long.toString(id) : name + " (" + id + ")";
  }
}
