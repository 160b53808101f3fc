package dev.perocore.social.onebot.event;

/**
 * A request awaiting the bot's answer: a friend request or a group join/invite. Answer with
 * {@code set_friend_add_request} / {@code set_group_add_request} quoting {@link #flag()}.
 */
public sealed interface RequestEvent extends OneBotEvent permits FriendRequestEvent, GroupRequestEvent {

  String POST_TYPE = "request";

  /** {@code friend} or {@code group}. */
  String requestType();

  /** Who asks (the applicant, or for an invite the inviter). */
  long userId();

  /** The verification message; empty if none. */
  String comment();

  /** The opaque handle to quote when answering. */
  String flag();

  @Override
  default String postType() {
    return POST_TYPE;
  }
}
