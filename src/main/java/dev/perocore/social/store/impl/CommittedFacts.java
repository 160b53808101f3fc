package dev.perocore.social.store.impl;

import dev.perocore.social.chat.ChatKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the writer last COMMITTED per user, group, session and speaker, so an upsert whose effect
 * would be nil — or only move a last-seen time by less than {@link #GRANULARITY_MILLIS} — is not
 * written. In a 1k-session burst every message implied four upserts (user, group, session
 * activity, the speaker's last group), each a B-tree write of its own; most only moved a time by
 * milliseconds.
 *
 * <p>The granularity (1 s, the resolution of OneBot's own event times): {@code
 * users.last_seen_at}, {@code groups.last_seen_at} and {@code sessions.last_active_at} may lag the
 * newest stored message's receive time by less than a second. Names are exact (a changed
 * nickname or group name is always written), and {@code user_last_group} is exact to the
 * millisecond (skipped only when the statement would change nothing; see {@link
 * #needLastGroup}).
 *
 * <p>Never hides a fact: a value enters only when its transaction COMMITTED ({@link
 * #committed()}; until then it is pending); a rollback or a new connection forgets everything
 * ({@link #rolledBack()}); so does any write operation outside the group commit that could touch
 * these tables ({@link #forget()}, e.g. deleting a user's history; {@link #survive} names those
 * that cannot); and a restart starts empty.
 * A cache miss always writes. What is kept is a lower bound of the row (the upserts only raise
 * times), so a skip leaves the row at most one granularity behind. Bounded: each map keeps its
 * {@link #MAX_ENTRIES} newest entries.
 *
 * <p>Confined to the writer's {@link ConnectionThread}, except {@link #forget()}.
 */
final class CommittedFacts {

  static final long GRANULARITY_MILLIS = 1_000;
  static final int MAX_ENTRIES = 32_768;

  /**
   * Operations known not to write users, groups, session activity or user_last_group: the
   * facts survive them. Any other (deleting a user's history, and whatever is added later) makes
   * the next batch forget them.
   */
  private static final Set<String> KEEPS_FACTS = Set.of("store.checkpoint", "store.claim",
      "store.release", "store.summary", "store.prune", "store.request.resolve",
      "store.media.link");

  /** A user in one bot's eyes (user_last_group's key). */
  record Speaker(long selfId, long userId) {

    /**
     * Mixed like {@link ChatKey#hashCode()}: the generated form (31 * self + user) gives the same
     * hash to user u of one bot and user u + 31 of the next, so with a few bots sharing their
     * users a lookup walked a chain of equals() calls (1.6% of a burst's samples).
     */
    @Override
    public int hashCode() {
      long mixed = selfId * 0x9E3779B97F4A7C15L ^ userId * 0xC2B2AE3D27D4EB4FL;
      return (int) (mixed ^ (mixed >>> 32));
    }
  }

  /** A name (null = not known) and the last-seen time the row holds at least. */
  private record Named(String name, long writtenAt) {}

  /** The speaker's group and its time, exactly as stored. */
  private record Last(long groupId, long writtenAt) {}

  private final Map<Long, Named> users = bounded();
  private final Map<Long, Named> groups = bounded();
  private final Map<ChatKey, Long> sessions = bounded();
  private final Map<Speaker, Last> lastGroups = bounded();

  private final Map<Long, Named> pendingUsers = new HashMap<>();
  private final Map<Long, Named> pendingGroups = new HashMap<>();
  private final Map<ChatKey, Long> pendingSessions = new HashMap<>();
  private final Map<Speaker, Last> pendingLastGroups = new HashMap<>();
  private final Map<Speaker, Boolean> droppedLastGroups = new HashMap<>();

  private final AtomicBoolean forgetRequested = new AtomicBoolean();

  /** At the start of a batch: drops everything if {@link #forget()} was asked since. */
  void beginBatch() {
    if (forgetRequested.getAndSet(false)) {
      clear();
    }
  }

  boolean needUser(long userId, String nickname, long seenAt) {
    return needNamed(users.get(userId), nickname, seenAt);
  }

  void wroteUser(long userId, String nickname, long seenAt) {
    pendingUsers.put(userId, written(users.get(userId), nickname, seenAt));
  }

  boolean needGroup(long groupId, String name, long seenAt) {
    return needNamed(groups.get(groupId), name, seenAt);
  }

  void wroteGroup(long groupId, String name, long seenAt) {
    pendingGroups.put(groupId, written(groups.get(groupId), name, seenAt));
  }

  boolean needSession(ChatKey session, long activeAt) {
    Long known = sessions.get(session);
    return known == null || activeAt - known >= GRANULARITY_MILLIS;
  }

  void wroteSession(ChatKey session, long activeAt) {
    Long known = sessions.get(session);
    pendingSessions.put(session, known == null ? activeAt : Math.max(known, activeAt));
  }

  /**
   * Whether the speaker's last group must be written: not only when the exact statement would
   * change nothing (a message older than the row, or the same group at the same time). No
   * granularity here: a skipped newer time would leave the row's time behind, and once the facts
   * are forgotten (a rollback, eviction) a late, older message from another group would pass the
   * statement's time check and take the speaker's group back.
   */
  boolean needLastGroup(Speaker speaker, long groupId, long seenAt) {
    Last known = lastGroups.get(speaker);
    if (known == null) {
      return true;
    }
    return !(seenAt < known.writtenAt()
        || (groupId == known.groupId() && seenAt == known.writtenAt()));
  }

  /** @param applied the upsert changed the row (update count 1): the row now holds exactly this */
  void wroteLastGroup(Speaker speaker, long groupId, long seenAt, boolean applied) {
    if (applied) {
      pendingLastGroups.put(speaker, new Last(groupId, seenAt));
    } else {
      // A newer row than ours was already there (written before this run): not known exactly.
      pendingLastGroups.remove(speaker);
      droppedLastGroups.put(speaker, Boolean.TRUE);
    }
  }

  /** The batch committed: what it wrote is now stored. */
  void committed() {
    users.putAll(pendingUsers);
    groups.putAll(pendingGroups);
    sessions.putAll(pendingSessions);
    droppedLastGroups.keySet().forEach(lastGroups::remove);
    lastGroups.putAll(pendingLastGroups);
    clearPending();
  }

  /** The batch rolled back (or the connection is new): nothing known is trusted any more. */
  void rolledBack() {
    clear();
  }

  /** Any thread: something outside the group commit may have changed these rows. */
  void forget() {
    forgetRequested.set(true);
  }

  /**
   * Whether the facts still hold after the writer ran the operation {@code kind} (an {@link
   * WriteItem.Operation}'s kind) outside the group commit; if not, {@link #forget()} them.
   */
  static boolean survive(String kind) {
    return KEEPS_FACTS.contains(kind);
  }

  private void clear() {
    users.clear();
    groups.clear();
    sessions.clear();
    lastGroups.clear();
    clearPending();
  }

  private void clearPending() {
    pendingUsers.clear();
    pendingGroups.clear();
    pendingSessions.clear();
    pendingLastGroups.clear();
    droppedLastGroups.clear();
  }

  private static boolean needNamed(Named known, String name, long seenAt) {
    return known == null || (name != null && !name.equals(known.name()))
        || seenAt - known.writtenAt() >= GRANULARITY_MILLIS;
  }

  /** The upsert keeps a name it is not given (COALESCE) and the later time (MAX). */
  private static Named written(Named known, String name, long seenAt) {
    if (known == null) {
      return new Named(name, seenAt);
    }
    return new Named(name != null ? name : known.name(), Math.max(known.writtenAt(), seenAt));
  }

  private static <K, V> Map<K, V> bounded() {
    return new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > MAX_ENTRIES;
      }
    };
  }
}
