package dev.perocore.social.onebot;

/**
 * No connection could carry the action: the bot is not connected for actions, or its connection
 * closed or was replaced while the action was pending (failed at once, not at its deadline).
 */
public final class BotUnavailableException extends OneBotActionException {

  public BotUnavailableException(long selfId, String action, String why) {
    super(selfId, action, "bot " + BotIds.label(selfId) + ": " + action + " not delivered: " + why);
  }
}
