package dev.perocore.social.session;

import dev.perocore.social.chat.ChatKey;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A read-only window on the live sessions of every shard, for the admin API and the demo view.
 * Each session verticle publishes an immutable {@link Entry} whenever one of its sessions changes
 * state; readers on other threads only ever see whole snapshots. Nothing here is on the reply path.
 *
 * <p>A session's owner finds its {@link Listing} once and then publishes into it: a message
 * changes its session's entry, and a map put per message (hashing the key, missing the cache on
 * the bucket's key) cost more than the rest of a stored-only message's session work.
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

  /**
   * Where one session's entry lives, for as long as the session is listed. Written by the owner's
   * event loop only; a removed listing is no longer read, so a late write to it (a callback that
   * outlived its evicted session) cannot bring the session back into view.
   */
  public static final class Listing {

    private volatile Entry entry;

    private Listing() {}

    public void publish(Entry entry) {
      this.entry = entry;
    }
  }

  private final ConcurrentMap<ChatKey, Listing> listings = new ConcurrentHashMap<>();

  /** Publishes one entry by its key; owners that publish often keep the {@link #listing}. */
  public void publish(Entry entry) {
    listing(entry.key()).publish(entry);
  }

  /** The session's listing, created on first use; removed again by {@link #remove}. */
  public Listing listing(ChatKey key) {
    return listings.computeIfAbsent(key, k -> new Listing());
  }

  public void remove(ChatKey key) {
    listings.remove(key);
  }

  public Optional<Entry> find(ChatKey key) {
    Listing listing = listings.get(key);
    return Optional.ofNullable(listing == null ? null : listing.entry);
  }

  /** All sessions, most recently active first. */
  public List<Entry> list() {
    return listings.values().stream()
        .map(listing -> listing.entry)
        .filter(Objects::nonNull)
        .sorted(Comparator.comparingLong(Entry::lastActivityMillis).reversed())
        .toList();
  }

  public int size() {
    return listings.size();
  }
}
