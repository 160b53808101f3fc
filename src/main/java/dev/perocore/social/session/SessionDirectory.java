package dev.perocore.social.session;

import dev.perocore.social.chat.ChatKey;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A read-only window on the live sessions of every shard, for the admin API and the demo view.
 * Each session verticle publishes an immutable {@link Entry} whenever one of its sessions changes
 * state; readers on other threads only ever see whole snapshots. Nothing here is on the reply path.
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

  private final ConcurrentMap<ChatKey, Entry> entries = new ConcurrentHashMap<>();

  public void publish(Entry entry) {
    entries.put(entry.key(), entry);
  }

  public void remove(ChatKey key) {
    entries.remove(key);
  }

  public Optional<Entry> find(ChatKey key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** All sessions, most recently active first. */
  public List<Entry> list() {
    return entries.values().stream()
        .sorted(Comparator.comparingLong(Entry::lastActivityMillis).reversed())
        .toList();
  }

  public int size() {
    return entries.size();
  }
}
