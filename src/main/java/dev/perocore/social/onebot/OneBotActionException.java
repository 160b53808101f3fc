package dev.perocore.social.onebot;

/**
 * Why an action did not succeed, other than its deadline (a deadline is the guard's {@link
 * dev.perocore.social.guard.OperationTimeoutException}, operation {@code onebot.action}).
 * No stack traces: the action and bot say where, and failures can be frequent.
 */
public abstract sealed class OneBotActionException extends RuntimeException
    permits ActionFailedException, ActionRateLimitedException, BotUnavailableException {

  private final long selfId;
  private final String action;

  protected OneBotActionException(long selfId, String action, String message) {
    super(message, null, false, false);
    this.selfId = selfId;
    this.action = action;
  }

  public long selfId() {
    return selfId;
  }

  public String action() {
    return action;
  }
}
