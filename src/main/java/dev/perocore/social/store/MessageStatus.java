package dev.perocore.social.store;

/** Where a stored message came from and, for our own sends, how the send ended. */
public enum MessageStatus {
  /** Inbound: a message event from OneBot. */
  RECEIVED("received"),
  /** Our send, acknowledged with status ok; {@code message_id} is the id OneBot returned. */
  SENT("sent"),
  /** Our send, refused or failed (e.g. the bot is muted); {@code retcode} says why. */
  FAILED("failed");

  private final String column;

  MessageStatus(String column) {
    this.column = column;
  }

  public String column() {
    return column;
  }

  public boolean outbound() {
    return this != RECEIVED;
  }

  public static MessageStatus fromColumn(String value) {
    for (MessageStatus status : values()) {
      if (status.column.equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown message status " + value);
  }
}
