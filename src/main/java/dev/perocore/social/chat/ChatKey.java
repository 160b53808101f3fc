package dev.perocore.social.chat;

/**
 * One conversation: (bot account, private|group, peer id), printed {@code SELF:private:ID} or
 * {@code SELF:group:ID}. The same value names a session in memory, its rows in the store and its
 * key in the admin API. PeroCore keyed sessions by the bare peer id, so group 12345 and user 12345
 * shared one session; here they cannot.
 *
 * @param selfId the bot account (OneBot's {@code self_id})
 * @param type private or group
 * @param peerId the user id (private) or the group id (group)
 */
public record ChatKey(long selfId, ChatType type, long peerId) {

  public ChatKey {
    if (type == null) {
      throw new IllegalArgumentException("a chat key needs a type: private or group");
    }
  }

  public static ChatKey privateChat(long selfId, long userId) {
    return new ChatKey(selfId, ChatType.PRIVATE, userId);
  }

  public static ChatKey group(long selfId, long groupId) {
    return new ChatKey(selfId, ChatType.GROUP, groupId);
  }

  /** Parses {@link #toString()}'s form; throws IllegalArgumentException saying what is wrong. */
  public static ChatKey parse(String text) {
    String[] parts = text == null ? new String[0] : text.split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException("a session key looks like SELF:private:ID or SELF:group:ID");
    }
    ChatType type;
    try {
      type = ChatType.fromLabel(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("session type must be private or group: " + parts[1]);
    }
    try {
      return new ChatKey(Long.parseLong(parts[0]), type, Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a session key's bot and peer ids are numbers: " + text);
    }
  }

  /** Which of {@code shards} owns this conversation: stable for the life of the process. */
  public int shard(int shards) {
    long mixed = selfId * 0x9E3779B97F4A7C15L ^ peerId * 0xC2B2AE3D27D4EB4FL ^ type.ordinal();
    return (int) Math.floorMod(mixed ^ (mixed >>> 31), (long) shards);
  }

  /**
   * Written out rather than the record's generated one: a key is hashed several times per message
   * (the shard's sessions, the session directory), and the generated form measured about twice as
   * slow per map lookup. Mixed like {@link #shard}: ids of one bot differ in their low bits.
   */
  @Override
  public int hashCode() {
    long mixed = selfId * 0x9E3779B97F4A7C15L ^ peerId * 0xC2B2AE3D27D4EB4FL ^ type.ordinal();
    return (int) (mixed ^ (mixed >>> 32));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChatKey key && key.peerId == peerId && key.selfId == selfId
        && key.type == type;
  }

  @Override
  public String toString() {
    return selfId + ":" + type.label() + ":" + peerId;
  }
}
