package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.SessionDirectory.State;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.junit.jupiter.api.Test;

/**
 * The directory reads the shards' own tables: the latest snapshot wins, sessions of every shard
 * are listed most recent first, a session gone from its table (evicted) is out of view whatever is
 * published into its old state, and a snapshot gives back what was packed into it.
 */
class SessionDirectoryTest {

  private static final ChatKey GROUP = ChatKey.group(1, 600);
  private static final ChatKey FRIEND = ChatKey.privateChat(1, 46);

  /** A session's state as far as the directory sees it. */
  private static final class Held implements SessionDirectory.Listed {
    private final ChatKey key;
    volatile long snapshot = SessionDirectory.UNLISTED;

    Held(ChatKey key) {
      this.key = key;
    }

    @Override
    public ChatKey key() {
      return key;
    }

    @Override
    public long snapshot() {
      return snapshot;
    }
  }

  @Test
  void theLatestEntryOfEveryShardIsListedMostRecentFirst() {
    SessionDirectory directory = new SessionDirectory();
    ConcurrentMap<ChatKey, Held> shard0 = new ConcurrentHashMap<>();
    ConcurrentMap<ChatKey, Held> shard1 = new ConcurrentHashMap<>();
    directory.addShard(0, shard0);
    directory.addShard(1, shard1);
    Held group = new Held(GROUP);
    shard0.put(GROUP, group);
    group.snapshot = SessionDirectory.snapshot(1000, 1, State.BUFFERING);
    Held friend = new Held(FRIEND);
    shard1.put(FRIEND, friend);
    friend.snapshot = SessionDirectory.snapshot(2000, 0, State.IDLE);
    group.snapshot = SessionDirectory.snapshot(3000, 0, State.FLUSHING);
    assertEquals(List.of(GROUP, FRIEND),
        directory.list().stream().map(SessionDirectory.Entry::key).toList());
    assertEquals(new SessionDirectory.Entry(GROUP, 3000, 0, "flushing", 0),
        directory.find(GROUP).orElseThrow());
    assertEquals(new SessionDirectory.Entry(FRIEND, 2000, 0, "idle", 1),
        directory.find(FRIEND).orElseThrow());
    assertEquals(2, directory.size());
  }

  @Test
  void aLatePublishToARemovedSessionDoesNotBringItBack() {
    SessionDirectory directory = new SessionDirectory();
    ConcurrentMap<ChatKey, Held> shard = new ConcurrentHashMap<>();
    directory.addShard(0, shard);
    Held old = new Held(GROUP);
    shard.put(GROUP, old);
    old.snapshot = SessionDirectory.snapshot(1000, 0, State.IDLE);
    shard.remove(GROUP);
    // A callback that outlived the evicted session publishes into its old state.
    old.snapshot = SessionDirectory.snapshot(2000, 1, State.BUFFERING);
    assertTrue(directory.find(GROUP).isEmpty());
    assertTrue(directory.list().isEmpty());
    assertEquals(0, directory.size());
    // The session coming back is a state of its own.
    Held fresh = new Held(GROUP);
    shard.put(GROUP, fresh);
    fresh.snapshot = SessionDirectory.snapshot(3000, 0, State.IDLE);
    assertEquals(3000, directory.find(GROUP).orElseThrow().lastActivityMillis());
  }

  @Test
  void aSessionNotYetPublishedIsNotShown() {
    SessionDirectory directory = new SessionDirectory();
    ConcurrentMap<ChatKey, Held> shard = new ConcurrentHashMap<>();
    directory.addShard(0, shard);
    shard.put(GROUP, new Held(GROUP));
    assertTrue(directory.find(GROUP).isEmpty());
    assertTrue(directory.list().isEmpty());
    assertEquals(0, directory.size());
  }

  @Test
  void aSnapshotKeepsEveryStateTheLargestBufferAndTheTimeToTheMillisecond() {
    SessionDirectory directory = new SessionDirectory();
    ConcurrentMap<ChatKey, Held> shard = new ConcurrentHashMap<>();
    directory.addShard(3, shard);
    Held held = new Held(GROUP);
    shard.put(GROUP, held);
    // 2248-01-01: past it the time no longer fits; 200,000 = 2 x 10 x the largest max_buffer.
    long[] times = {0, 1, 1_764_500_000_123L, 8_771_011_200_000L};
    for (State state : State.values()) {
      for (int buffered : new int[] {0, 1, 10, 200_000}) {
        for (long time : times) {
          held.snapshot = SessionDirectory.snapshot(time, buffered, state);
          assertEquals(new SessionDirectory.Entry(GROUP, time, buffered, state.label(), 3),
              directory.find(GROUP).orElseThrow());
        }
      }
    }
  }
}
