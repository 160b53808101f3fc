package dev.perocore.social.store;

/**
 * One conversation of one bot account: {@code (self_id, private|group, peer id)}. A group and a
 * user with the same number are different sessions (PeroCore keyed both by the bare number).
 *
 * @param selfId the bot account
 * @param type private or group
 * @param peerId the user id (private) or the group id (group)
 */
public record SessionRef(long selfId, ChatType type, long peerId) {

  public SessionRef {
    if (type == null) {
      throw new IllegalArgumentException("type is required");
    }
  }

  public static SessionRef ofPrivate(long selfId, long userId) {
    return new SessionRef(selfId, ChatType.PRIVATE, userId);
  }

  public static SessionRef ofGroup(long selfId, long groupId) {
    return new SessionRef(selfId, ChatType.GROUP, groupId);
  }

  @Override
  public String toString() {
    return selfId + ":" + type.column() + ":" + peerId;
  }
}
