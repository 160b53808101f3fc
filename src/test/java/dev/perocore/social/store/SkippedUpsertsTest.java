package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer skips upserts its last commits already hold (see {@code CommittedFacts}); an
 * operation that deletes those rows behind the commits' back must make it write them again.
 */
class SkippedUpsertsTest {

  @TempDir
  Path dir;

  @Test
  void aUserWhoseHistoryWasDeletedIsStoredAgainByTheirNextMessage() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey chat = ChatKey.privateChat(1, 7);
      OnContext.await(store.append(StoreHarness.inbound(chat, 7, "hello")));
      assertEquals(1, h.count("SELECT count(*) FROM users WHERE user_id = 7"));

      OnContext.await(store.deleteUserHistory(7));
      assertEquals(0, h.count("SELECT count(*) FROM users WHERE user_id = 7"));
      assertEquals(0, h.count("SELECT count(*) FROM sessions WHERE peer_id = 7"));

      // Within the same second, same name: without forgetting, both upserts would be skipped.
      OnContext.await(store.append(StoreHarness.inbound(chat, 7, "hello again")));
      assertEquals(1, h.count("SELECT count(*) FROM users WHERE user_id = 7"
          + " AND nickname = 'user7'"));
      assertEquals(1, h.count("SELECT count(*) FROM sessions WHERE peer_id = 7"));
    }
  }
}
