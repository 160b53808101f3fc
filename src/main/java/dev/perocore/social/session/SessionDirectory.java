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
 * Each session's owner publishes a {@link #snapshot} whenever the session changes state; readers
 * on other threads only ever see whole snapshots, as {@link Entry entries}. Nothing here is on
 * the reply path.
 *
 * <p>The directory keeps no map of its own: it reads each shard's table of sessions (a concurrent
 * map, safe to read from any thread) and each session's latest snapshot (a volatile field). A
 * snapshot is one long, not an object: published per message, an entry object was 40 bytes made
 * per message and 40 kept per session, and a second map with a node and a listing per session
 * about as much again. A session evicted from its table is gone from view at once, whatever a
 * late callback publishes into its old state, and a session not yet published is not shown.
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

  /** What a session is doing, as {@link Entry#state} names it. */
  public enum State {
    IDLE("idle"), BUFFERING("buffering"), FLUSHING("flushing"), PAUSED("paused");

    private static final State[] ALL = values();
    private final String label;

    State(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A session as its owner last published it. */
  public interface Listed {

    ChatKey key();

    /** The latest {@link #snapshot}, or {@link #UNLISTED} before the first; from any thread. */
    long snapshot();
  }

  /** No snapshot published yet: not shown. */
  public static final long UNLISTED = 0;

  // A snapshot: bit 0 set (listed), bits 1-2 the state, 3-20 the buffered count (saturated: a
  // buffer holds at most 2 x 10 x session.max_buffer <= 200,000), 21-63 the time in ms (to 2248).
  private static final int STATE_SHIFT = 1;
  private static final int BUFFERED_SHIFT = 3;
  private static final int BUFFERED_BITS = 18;
  private static final int TIME_SHIFT = BUFFERED_SHIFT + BUFFERED_BITS;
  private static final long BUFFERED_MAX = (1L << BUFFERED_BITS) - 1;

  /** A session's state packed for {@link Listed#snapshot}: one volatile write publishes it. */
  public static long snapshot(long lastActivityMillis, int buffered, State state) {
    return Math.max(0, lastActivityMillis) << TIME_SHIFT
        | Math.min(Math.max(0, buffered), BUFFERED_MAX) << BUFFERED_SHIFT
        | (long) state.ordinal() << STATE_SHIFT | 1;
  }

  /** The entry a snapshot stands for; null for {@link #UNLISTED}. */
  static Entry entry(ChatKey key, long snapshot, int shard) {
    if ((snapshot & 1) == 0) {
      return null;
    }
    return new Entry(key, snapshot >>> TIME_SHIFT,
        (int) (snapshot >>> BUFFERED_SHIFT & BUFFERED_MAX),
        State.ALL[(int) (snapshot >>> STATE_SHIFT & 3)].label(), shard);
  }

  /** One shard's table of sessions. */
  private record Shard(int number, ConcurrentMap<ChatKey, ? extends Listed> sessions) {}

  private final List<Shard> shards = new CopyOnWriteArrayList<>();

  /**
   * Lists a shard's sessions from now on. {@code sessions} is the owner's own table: it is only
   * read here, from other threads.
   */
  public void addShard(int shard, ConcurrentMap<ChatKey, ? extends Listed> sessions) {
    shards.add(new Shard(shard, sessions));
  }

  public Optional<Entry> find(ChatKey key) {
    for (Shard shard : shards) {
      Listed listed = shard.sessions().get(key);
      Entry entry = listed == null ? null : entry(key, listed.snapshot(), shard.number());
      if (entry != null) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** All sessions, most recently active first. */
  public List<Entry> list() {
    List<Entry> all = new ArrayList<>();
    for (Shard shard : shards) {
      for (Listed listed : shard.sessions().values()) {
        Entry entry = entry(listed.key(), listed.snapshot(), shard.number());
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
    for (Shard shard : shards) {
      for (Listed listed : shard.sessions().values()) {
        if (listed.snapshot() != UNLISTED) {
          size++;
        }
      }
    }
    return size;
  }
}
