package dev.perocore.social.onebot;

/**
 * Bot account ids (OneBot {@code self_id}, a QQ number) are plain {@code long}s, as in the decoded
 * events, the store and the sessions. QQ numbers are positive, so {@link #UNKNOWN} (0) stands for
 * "not known yet": a forward connection before {@code get_login_info} or its first event names its
 * bot. No bot is ever registered under it, so an action for it fails as for any unknown bot.
 */
public final class BotIds {

  /** The bot of a connection that has not said who it is yet. */
  public static final long UNKNOWN = 0;

  private BotIds() {}

  public static boolean isKnown(long selfId) {
    return selfId != UNKNOWN;
  }

  /**
   * A bot account from text (the {@code X-Self-ID} header, {@code get_login_info}'s user_id):
   * the number if it is a positive integer, else {@link #UNKNOWN}; null reads as unknown.
   */
  public static long parse(String text) {
    if (text == null) {
      return UNKNOWN;
    }
    try {
      long id = Long.parseLong(text.trim());
      return id > 0 ? id : UNKNOWN;
    } catch (NumberFormatException e) {
      return UNKNOWN;
    }
  }

  /** How logs and failure messages name the bot: its number, or {@code ?} while unknown. */
  public static String label(long selfId) {
    return isKnown(selfId) ? Long.toString(selfId) : "?";
  }
}
