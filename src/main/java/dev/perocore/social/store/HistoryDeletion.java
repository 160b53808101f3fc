package dev.perocore.social.store;

import java.util.List;

/**
 * What deleting one user's history removed, by table, so the operator (and the log line) can see
 * that it happened and how much it was.
 *
 * @param userId the QQ user whose history was deleted
 * @param messages their messages in every chat, and every message of their private chats
 * @param summaries summaries of their private chats, and group summaries covering their messages
 * @param notices notices naming them as the user
 * @param other their nickname, last-group and private-chat activity rows, their resolved requests
 * @param mediaFiles the cached image files (sha256 names) no remaining message links to: the
 *     caller deletes them from {@code media.dir} (the store does not own that folder)
 */
public record HistoryDeletion(long userId, long messages, long summaries, long notices,
    long other, List<String> mediaFiles) {

  public HistoryDeletion {
    mediaFiles = mediaFiles == null ? List.of() : List.copyOf(mediaFiles);
  }

  /** Without media. */
  public HistoryDeletion(long userId, long messages, long summaries, long notices, long other) {
    this(userId, messages, summaries, notices, other, List.of());
  }

  public long total() {
    return messages + summaries + notices + other;
  }
}
