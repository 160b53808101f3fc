package dev.perocore.social.session;

import dev.perocore.social.chat.ChatKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A read-only window on the live sessions of every shard, for the admin API and the demo view.
 * Each session's owner publishes an immutable {@link Entry} whenever the session changes state;
 * readers on other threads only ever see whole snapshots. Nothing here is on the reply path.
 *
 * <p>The directory keeps no map of its own: it reads each shard's table of sessions (a concurrent
 * map, safe to read from any thread) and each session's latest entry (a volatile field). A second
 * map, with a node and a listing per session, was about a fifth of what an idle session kept.
 * A session evicted from its table is gone from view at once, whatever a late callback publishes
 * into its old state, and a session not yet published is not shown.
 */
public final class SessionDirectory {

  /**
   * One session as last published by its owner.
   *
   * @param key the session
   * @param lastActivityMillis wall-clock time of its last message in or out
   * @param buffered messages waiting for the next flush
   * @param state what it is doing: {@code idle}, {@code buffering}, {@code flushing}, {@code paused}
   * @param shard which session verticle owns it
   */
  public record Entry(ChatKey key, long lastActivityMillis, int buffered, String state, int shard) {}

  /** A session as its owner last published it. */
  public interface Listed {

    /** The latest entry, or null before the first; safe to call from any thread. */
    Entry published();
  }

  private final List<ConcurrentMap<ChatKey, ? extends Listed>> shards =
      new CopyOnWriteArrayList<>();

  /**
   * Lists a shard's sessions from now on. {@code sessions} is the owner's own table: it is only
   * read here, from other threads.
   */
  public void addShard(ConcurrentMap<ChatKey, ? extends Listed> sessions) {
    shards.add(sessions);
  }

  public Optional<Entry> find(ChatKey key) {
    for (ConcurrentMap<ChatKey, ? extends Listed> sessions : shards) {
      Listed listed = sessions.get(key);
      Entry entry = listed == null ? null : listed.published();
      if (entry != null) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** All sessions, most recently active first. */
  public List<Entry> list() {
    List<Entry> all = new ArrayList<>();
    for (ConcurrentMap<ChatKey, ? extends Listed> sessions : shards) {
      for (Listed listed : sessions.values()) {
        Entry entry = listed.published();
        if (entry != null) {
          all.add(entry);
        }
      }
    }
    all.sort(Comparator.comparingLong(Entry::lastActivityMillis).reversed());
    return all;
  }

  /** How many sessions are listed. */
  public int size() {
    int size = 0;
    for (ConcurrentMap<ChatKey, ? extends Listed> sessions : shards) {
      for (Listed listed : sessions.values()) {
        if (listed.published() != null) {
          size++;
        }
      }
    }
    return size;
  }
}
