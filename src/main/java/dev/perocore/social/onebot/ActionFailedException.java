package dev.perocore.social.onebot;

import java.util.Optional;

/**
 * The implementation answered, and said no: {@code status} failed or {@code retcode} != 0 (e.g.
 * the bot is muted in the group). Carries everything needed to log it and tell the owner.
 */
public final class ActionFailedException extends OneBotActionException {

  private final String status;
  private final int retcode;
  private final String wording;
  private final Optional<String> userId;
  private final Optional<String> groupId;

  public ActionFailedException(long selfId, String action, String status, int retcode,
      String wording, Optional<String> userId, Optional<String> groupId) {
    super(selfId, action, describe(selfId, action, status, retcode, wording, userId, groupId));
    this.status = status;
    this.retcode = retcode;
    this.wording = wording;
    this.userId = userId;
    this.groupId = groupId;
  }

  public String status() {
    return status;
  }

  public int retcode() {
    return retcode;
  }

  /** The implementation's explanation ({@code wording}, else {@code message}); may be empty. */
  public String wording() {
    return wording;
  }

  public Optional<String> userId() {
    return userId;
  }

  public Optional<String> groupId() {
    return groupId;
  }

  private static String describe(long selfId, String action, String status, int retcode,
      String wording, Optional<String> userId, Optional<String> groupId) {
    StringBuilder text = new StringBuilder("bot ").append(BotIds.label(selfId)).append(": ")
        .append(action)
        .append(" failed (status ").append(status).append(", retcode ").append(retcode).append(')');
    groupId.ifPresent(g -> text.append(" group ").append(g));
    userId.ifPresent(u -> text.append(" user ").append(u));
    if (wording != null && !wording.isEmpty()) {
      text.append(": ").append(wording);
    }
    return text.toString();
  }
}
