package dev.perocore.social.session;

import dev.perocore.social.store.NoticeRow;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A notice as the one line a person reads ({@code X 撤回了一条消息}, {@code X 被 Y 禁言 600 秒}):
 * the model's {@code [系统]} lines (issue 15) and the console's conversation view say the same.
 * "你" is the bot.
 */
public final class NoticeText {

  private NoticeText() {}

  /** The line's text, or null for a notice the model does not need. */
  public static String of(NoticeRow n, Map<Long, String> names) {
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
