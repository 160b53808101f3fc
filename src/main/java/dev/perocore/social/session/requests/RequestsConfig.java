package dev.perocore.social.session.requests;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code requests:} section (and {@code owner.qq}).
 *
 * @param friend policy for friend requests
 * @param groupInvite policy for invitations of the bot into a group
 * @param groupAdd policy for join requests to groups the bot administers (never ask_brain: the
 *     brain judges who the bot befriends, not who joins a group)
 * @param greeting sent to a newly approved friend; empty = none
 * @param greetingDelayMin shortest pause before the greeting (PeroCore paused 5-15 s: an instant
 *     greeting looks like a bot)
 * @param greetingDelayMax longest pause; the delay is uniform between the two
 * @param actionTimeout named deadline of set_friend_add_request / set_group_add_request
 * @param brainTimeout named deadline of the brain's verdict (then the request is held)
 * @param ownerQq who is told about every request and decision, by private message; empty = nobody
 */
public record RequestsConfig(
    RequestPolicy friend,
    RequestPolicy groupInvite,
    RequestPolicy groupAdd,
    String greeting,
    Duration greetingDelayMin,
    Duration greetingDelayMax,
    Duration actionTimeout,
    Duration brainTimeout,
    Optional<Long> ownerQq) {

  public RequestsConfig {
    Objects.requireNonNull(friend, "friend");
    Objects.requireNonNull(groupInvite, "groupInvite");
    Objects.requireNonNull(groupAdd, "groupAdd");
    greeting = greeting == null ? "" : greeting;
    ownerQq = ownerQq == null ? Optional.empty() : ownerQq;
    if (groupAdd == RequestPolicy.ASK_BRAIN) {
      throw new IllegalArgumentException("group_add cannot be ask_brain");
    }
  }

  public RequestPolicy policy(RequestKind kind) {
    return switch (kind) {
      case FRIEND -> friend;
      case GROUP_INVITE -> groupInvite;
      case GROUP_ADD -> groupAdd;
    };
  }
}
