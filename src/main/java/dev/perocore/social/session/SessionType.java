package dev.perocore.social.session;

import java.util.Locale;

/** Whether a session is a private chat or a group. */
public enum SessionType {
  PRIVATE,
  GROUP;

  /** {@code private} or {@code group}, as in session keys and OneBot's message_type. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SessionType fromLabel(String label) {
    return switch (label) {
      case "private" -> PRIVATE;
      case "group" -> GROUP;
      default -> throw new IllegalArgumentException("session type must be private or group: " + label);
    };
  }
}
