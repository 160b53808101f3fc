package dev.perocore.social.brain;

import java.util.Objects;

/**
 * A friend request or group invite the policy hands to the brain ({@code ask_brain}).
 *
 * @param selfId the bot account that received it
 * @param userId who asked (the inviter, for a group invite)
 * @param comment the verification message the user wrote
 * @param kind {@link #FRIEND} or {@link #GROUP_INVITE}
 */
public record FriendRequestQuestion(long selfId, long userId, String comment, String kind) {

  public static final String FRIEND = "friend";
  public static final String GROUP_INVITE = "group_invite";

  public FriendRequestQuestion {
    comment = Objects.requireNonNullElse(comment, "");
    if (!FRIEND.equals(kind) && !GROUP_INVITE.equals(kind)) {
      throw new IllegalArgumentException("kind must be friend or group_invite, not " + kind);
    }
  }
}
