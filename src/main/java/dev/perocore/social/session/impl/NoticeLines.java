package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.session.NoticeText;
import dev.perocore.social.store.NoticeRow;
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
      String text = at < since ? null : NoticeText.of(notice, names);
      if (text != null) {
        merged.add(new ChatLine("", 0, "", PREFIX + text, at, false));
      }
    }
    merged.sort(Comparator.comparingLong(ChatLine::epochSeconds)); // stable: messages first
    return merged;
  }
}
