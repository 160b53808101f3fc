package dev.perocore.social.store;

/** The two kinds of conversation a bot account has; stored as {@code private} / {@code group}. */
public enum ChatType {
  PRIVATE("private"),
  GROUP("group");

  private final String column;

  ChatType(String column) {
    this.column = column;
  }

  /** The value stored in the {@code chat_type} columns. */
  public String column() {
    return column;
  }

  public static ChatType fromColumn(String value) {
    return "group".equals(value) ? GROUP : PRIVATE;
  }
}
