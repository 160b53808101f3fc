package dev.perocore.social.session;

import dev.perocore.social.store.ChatType;
import dev.perocore.social.store.SessionRef;

/**
 * Identifies one conversation: (bot account, private|group, peer id), printed {@code
 * SELF:private:ID} or {@code SELF:group:ID}. PeroCore keyed sessions by the bare peer id, so group
 * 12345 and user 12345 shared one session; here they cannot.
 */
public record SessionKey(long selfId, SessionType type, long peerId) {

  public static SessionKey privateChat(long selfId, long userId) {
    return new SessionKey(selfId, SessionType.PRIVATE, userId);
  }

  public static SessionKey group(long selfId, long groupId) {
    return new SessionKey(selfId, SessionType.GROUP, groupId);
  }

  /** Parses {@link #toString()}'s form; throws IllegalArgumentException saying what is wrong. */
  public static SessionKey parse(String text) {
    String[] parts = text == null ? new String[0] : text.split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException("a session key looks like SELF:private:ID or SELF:group:ID");
    }
    try {
      return new SessionKey(Long.parseLong(parts[0]), SessionType.fromLabel(parts[1]),
          Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a session key's bot and peer ids are numbers: " + text);
    }
  }

  /** Which of {@code shards} owns this session: stable for the life of the process. */
  public int shard(int shards) {
    long mixed = selfId * 0x9E3779B97F4A7C15L ^ peerId * 0xC2B2AE3D27D4EB4FL ^ type.ordinal();
    return (int) Math.floorMod(mixed ^ (mixed >>> 31), (long) shards);
  }

  /** The store's name for the same conversation. */
  public SessionRef ref() {
    return new SessionRef(selfId, type == SessionType.GROUP ? ChatType.GROUP : ChatType.PRIVATE,
        peerId);
  }

  /** The session a stored conversation reference names. */
  public static SessionKey of(SessionRef ref) {
    return new SessionKey(ref.selfId(),
        ref.type() == ChatType.GROUP ? SessionType.GROUP : SessionType.PRIVATE, ref.peerId());
  }

  @Override
  public String toString() {
    return selfId + ":" + type.label() + ":" + peerId;
  }
}
