package dev.perocore.social.onebot;

/**
 * No connection could carry the action: the bot is not connected for actions, or its connection
 * closed or was replaced while the action was pending (failed at once, not at its deadline).
 * {@link #neverConnected()} tells a bot this service has never seen (a wrong {@code self_id}, or
 * a bot not yet connected since the start) from one that is only away now.
 */
public final class BotUnavailableException extends OneBotActionException {

  static final String NEVER_CONNECTED = "this bot never connected";

  private final boolean neverConnected;
  private final String why;

  public BotUnavailableException(long selfId, String action, String why) {
    this(selfId, action, why, false);
  }

  private BotUnavailableException(long selfId, String action, String why,
      boolean neverConnected) {
    super(selfId, action, "bot " + BotIds.label(selfId) + ": " + action + " not delivered: " + why);
    this.neverConnected = neverConnected;
    this.why = why;
  }

  /** The bot has not connected to this service since it started. */
  public static BotUnavailableException neverConnected(long selfId, String action) {
    return new BotUnavailableException(selfId, action, NEVER_CONNECTED, true);
  }

  /** Decoded from the gateway's reply on the bus. */
  static BotUnavailableException of(long selfId, String action, String why,
      boolean neverConnected) {
    return new BotUnavailableException(selfId, action, why, neverConnected);
  }

  /** Why it was not delivered, without the bot and action (the message adds those). */
  public String why() {
    return why;
  }

  public boolean neverConnected() {
    return neverConnected;
  }
}
