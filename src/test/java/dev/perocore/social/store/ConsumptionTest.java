package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.impl.Migrations;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema v6 (issue 13, item 3): the store records which received messages a reply or a pass
 * consumed, through the single writer, and tells a restart what is still owed.
 */
class ConsumptionTest {

  @TempDir Path dir;

  private static MessageRef ref(MessageRow row) {
    return new MessageRef(row.messageId(), row.senderId(), row.eventTime().toEpochMilli());
  }

  @Test
  void aConsumedMessageIsNoLongerOwedAndOthersAre() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey chat = ChatKey.privateChat(1, 70);
      MessageRow answered = StoreHarness.inbound(chat, 70, "answered");
      MessageRow owed = StoreHarness.inbound(chat, 70, "owed");
      Instant old = Instant.now().minusSeconds(3600);
      MessageRow stale = MessageRow.received(chat, 999_001, 70, "u", "an hour ago", "[]", old, old,
          null);
      MessageRow own = MessageRow.received(chat, 999_002, 1, "bot", "the bot's own", "[]",
          Instant.now(), Instant.now(), null);
      MessageRow backfilled = StoreHarness.inbound(chat, 70, "fetched from history")
          .withOrigin(MessageOrigin.BACKFILL);
      for (MessageRow row : List.of(answered, owed, stale, own, backfilled)) {
        assertEquals(AppendResult.STORED, OnContext.await(store.append(row)));
      }
      OnContext.await(store.consume(chat, List.of(ref(answered))));

      assertTrue(OnContext.await(store.consumed(chat, ref(answered))));
      assertFalse(OnContext.await(store.consumed(chat, ref(owed))));
      assertFalse(OnContext.await(store.consumed(chat,
          new MessageRef(424242, 70, owed.eventTime().toEpochMilli()))), "not stored: not consumed");
      List<StoredMessage> left = OnContext.await(store.unconsumed(
          Instant.now().minusSeconds(120), 100));
      assertEquals(List.of("owed"), left.stream().map(m -> m.row().contentCq()).toList(),
          "neither the consumed, the stale, the bot's own nor the backfilled");
    }
  }

  @Test
  void aConsumeQueuedBehindItsAppendMarksTheRowTheAppendWrites() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey chat = ChatKey.group(1, 71);
      MessageRow row = StoreHarness.inbound(chat, 72, "appended and consumed in one go");
      // Not awaited in between: the mark rides in the same group commit (or the next one).
      Future<AppendResult> appended = store.append(row);
      Future<Void> consumed = store.consume(chat, List.of(ref(row)));
      OnContext.await(Future.all(appended, consumed));
      assertEquals(1, h.count("SELECT count(*) FROM messages WHERE consumed_at IS NOT NULL"));
      assertTrue(OnContext.await(store.unconsumed(Instant.now().minusSeconds(120), 10)).isEmpty());
    }
  }

  @Test
  void theUpgradeMarksTheLastDaysRowsConsumed() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Path file = dir.resolve("data/social.db");
    long now = System.currentTimeMillis();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      // Up to version 5, the last one before consumed_at (version 6).
      for (int v = 1; v < 6; v++) {
        for (String sql : Migrations.VERSIONS.get(v - 1)) {
          s.execute(sql);
        }
        s.execute("PRAGMA user_version = " + v);
      }
      // A row the previous build stored a minute ago: it answered it or let it go; not known.
      s.execute("INSERT INTO messages (self_id, chat_type, peer_id, message_id, status,"
          + " sender_id, sender_name, content_cq, content_json, event_time, received_at)"
          + " VALUES (1, 'private', 5, 1, 'received', 5, 'u', 'before the upgrade', '[]', "
          + (now - 60_000) + ", " + (now - 60_000) + ")");
    }
    try (StoreHarness h = StoreHarness.open(dir)) {
      assertEquals(1, h.count("SELECT count(*) FROM messages WHERE consumed_at IS NOT NULL"));
      assertTrue(OnContext.await(h.store().unconsumed(Instant.now().minusSeconds(120), 10))
          .isEmpty(), "an upgrade never answers what the old build may have answered");
    }
  }
}
