package dev.perocore.social.session.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.session.SessionDirectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the admin API sees of a shard's sessions across an eviction. */
class SessionTableTest {

  private static final ChatKey GROUP = ChatKey.group(1, 600);

  /** Shard 0's table, evicting sessions idle for ten minutes. */
  private static SessionTable table(SessionDirectory directory) {
    return new SessionTable(0, directory, new SessionMetrics(new SimpleMeterRegistry()),
        Duration.ofMinutes(10));
  }

  @Test
  void anEvictedSessionStaysOutOfViewUntilItsChatSpeaksAgain() {
    SessionDirectory directory = new SessionDirectory();
    SessionTable table = table(directory);
    SessionState old = table.state(GROUP);
    table.publish(old);
    assertEquals(1, directory.list().size());

    table.evictIdle(old.lastActivityMillis + Duration.ofMinutes(11).toMillis());
    assertTrue(directory.find(GROUP).isEmpty());
    // A callback that outlived the session publishes it once more: nothing shows.
    table.publish(old);
    assertTrue(directory.list().isEmpty());

    SessionState fresh = table.state(GROUP);
    assertNotSame(old, fresh);
    table.publish(fresh);
    assertEquals(1, directory.list().size());
    table.publish(old);
    assertEquals(fresh.lastActivityMillis, directory.find(GROUP).orElseThrow().lastActivityMillis());
  }

  @Test
  void aSessionEvictedBeforeItEverPublishedIsNotShownByALatePublish() {
    SessionDirectory directory = new SessionDirectory();
    SessionTable table = table(directory);
    SessionState old = table.state(GROUP);
    table.evictIdle(old.lastActivityMillis + Duration.ofMinutes(11).toMillis());
    table.publish(old);
    assertTrue(directory.list().isEmpty());
  }
}
