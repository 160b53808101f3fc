package dev.perocore.social.store;

/**
 * What deleting one user's history removed, by table, so the operator (and the log line) can see
 * that it happened and how much it was.
 *
 * @param userId the QQ user whose history was deleted
 * @param messages their messages in every chat, and every message of their private chats
 * @param summaries summaries of their private chats, and group summaries covering their messages
 * @param notices notices naming them as the user
 * @param other their nickname, last-group and private-chat activity rows, their resolved requests
 */
public record HistoryDeletion(long userId, long messages, long summaries, long notices,
    long other) {

  public long total() {
    return messages + summaries + notices + other;
  }
}
