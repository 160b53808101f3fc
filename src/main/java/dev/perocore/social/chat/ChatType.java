package dev.perocore.social.chat;

/**
 * The two kinds of conversation a bot account has. The label ({@code private} / {@code group}) is
 * OneBot's {@code message_type}, the middle part of a printed {@link ChatKey} and the value of the
 * store's {@code chat_type} columns.
 */
public enum ChatType {
  PRIVATE("private"),
  GROUP("group");

  private final String label;

  ChatType(String label) {
    this.label = label;
  }

  /** {@code private} or {@code group}. */
  public String label() {
    return label;
  }

  /** The type a label names; throws IllegalArgumentException for anything else. */
  public static ChatType fromLabel(String label) {
    if (PRIVATE.label.equals(label)) {
      return PRIVATE;
    }
    if (GROUP.label.equals(label)) {
      return GROUP;
    }
    throw new IllegalArgumentException("a chat type is private or group, not " + label);
  }
}
