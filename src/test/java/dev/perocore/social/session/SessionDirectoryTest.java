package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/**
 * The directory reads the shards' own tables: the latest entry wins, sessions of every shard are
 * listed most recent first, and a session gone from its table (evicted) is out of view whatever is
 * published into its old state.
 */
class SessionDirectoryTest {

  private static final ChatKey GROUP = ChatKey.group(1, 600);
  private static final ChatKey FRIEND = ChatKey.privateChat(1, 46);

  /** A session's state as far as the directory sees it. */
  private static final class Held implements SessionDirectory.Listed {
    volatile SessionDirectory.Entry entry;

    @Override
    public SessionDirectory.Entry published() {
      return entry;
    }
  }

  @Test
  void theLatestEntryOfEveryShardIsListedMostRecentFirst() {
    SessionDirectory directory = new SessionDirectory();
    ConcurrentMap<ChatKey, Held> shard0 = new ConcurrentHashMap<>();
    ConcurrentMap<ChatKey, Held> shard1 = new ConcurrentHashMap<>();
    directory.addShard(shard0);
    directory.addShard(shard1);
    Held group = new Held();
    shard0.put(GROUP, group);
    group.entry = new SessionDirectory.Entry(GROUP, 1000, 1, "buffering", 0);
    Held friend = new Held();
    shard1.put(FRIEND, friend);
    friend.entry = new SessionDirectory.Entry(FRIEND, 2000, 0, "idle", 1);
    group.entry = new SessionDirectory.Entry(GROUP, 3000, 0, "flushing", 0);
    assertEquals(List.of(GROUP, FRIEND),
        directory.list().stream().map(SessionDirectory.Entry::key).toList());
    assertEquals("flushing", directory.find(GROUP).orElseThrow().state());
    assertEquals(1, directory.find(FRIEND).orElseThrow().shard());
    assertEquals(2, directory.size());
  }

  @Test
  void aLatePublishToARemovedSessionDoesNotBringItBack() {
    SessionDirectory directory = new SessionDirectory();
    ConcurrentMap<ChatKey, Held> shard = new ConcurrentHashMap<>();
    directory.addShard(shard);
    Held old = new Held();
    shard.put(GROUP, old);
    old.entry = new SessionDirectory.Entry(GROUP, 1000, 0, "idle", 0);
    shard.remove(GROUP);
    // A callback that outlived the evicted session publishes into its old state.
    old.entry = new SessionDirectory.Entry(GROUP, 2000, 1, "buffering", 0);
    assertTrue(directory.find(GROUP).isEmpty());
    assertTrue(directory.list().isEmpty());
    assertEquals(0, directory.size());
    // The session coming back is a state of its own.
    Held fresh = new Held();
    shard.put(GROUP, fresh);
    fresh.entry = new SessionDirectory.Entry(GROUP, 3000, 0, "idle", 0);
    assertEquals(3000, directory.find(GROUP).orElseThrow().lastActivityMillis());
  }

  @Test
  void aSessionNotYetPublishedIsNotShown() {
    SessionDirectory directory = new SessionDirectory();
    ConcurrentMap<ChatKey, Held> shard = new ConcurrentHashMap<>();
    directory.addShard(shard);
    shard.put(GROUP, new Held());
    assertTrue(directory.find(GROUP).isEmpty());
    assertTrue(directory.list().isEmpty());
    assertEquals(0, directory.size());
  }
}
