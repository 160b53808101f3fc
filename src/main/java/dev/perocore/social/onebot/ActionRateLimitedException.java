package dev.perocore.social.onebot;

/**
 * A send was refused by outbound pacing: the bot's send queue is full, or the send waited longer
 * than {@code onebot.send_queue_timeout} for budget. It was not sent.
 */
public final class ActionRateLimitedException extends OneBotActionException {

  public ActionRateLimitedException(long selfId, String action, String why) {
    super(selfId, action, "bot " + BotIds.label(selfId) + ": " + action + " rate limited: " + why);
  }
}
