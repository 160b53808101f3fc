package dev.perocore.social.store;

/**
 * How a stored message reached us: pushed live on the socket, or fetched from the
 * implementation's history after a (re)connect. A backfilled message enters context like any
 * other but never triggers a reply: nobody is waiting for an answer to what was said while we
 * were away.
 */
public enum MessageOrigin {
  /** Pushed as an event on an open connection (and our own sends). */
  LIVE("live"),
  /** Fetched with get_group_msg_history / get_friend_msg_history after a (re)connect. */
  BACKFILL("backfill");

  private final String column;

  MessageOrigin(String column) {
    this.column = column;
  }

  /** The value of the {@code messages.origin} column, and of {@code "origin"} in the admin API. */
  public String column() {
    return column;
  }

  public static MessageOrigin fromColumn(String value) {
    for (MessageOrigin origin : values()) {
      if (origin.column.equals(value)) {
        return origin;
      }
    }
    throw new IllegalArgumentException("unknown message origin " + value);
  }
}
