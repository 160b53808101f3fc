package dev.perocore.social.onebot.event;

/**
 * The {@code sender} object of a message event. Descriptive fields absent from the frame are empty
 * strings (age 0); group-only fields ({@code card}, {@code area}, {@code level}, {@code role},
 * {@code title}) are empty in private messages.
 */
public record Sender(
    long userId,
    String nickname,
    String card,
    String sex,
    int age,
    String area,
    String level,
    String role,
    String title) {

  /** A sender known only by account, for frames that omit the object. */
  public static Sender ofUserId(long userId) {
    return new Sender(userId, "", "", "", 0, "", "", "", "");
  }

  /** The group card if set, else the nickname: what other members see. */
  public String displayName() {
    return card.isEmpty() ? nickname : card;
  }
}
