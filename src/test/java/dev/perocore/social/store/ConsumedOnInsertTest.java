package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * brain.kind none stores a message already consumed: the row carries its consumed_at into the
 * INSERT (no UPDATE later), and a duplicate keeps the stored row's own mark either way.
 */
class ConsumedOnInsertTest {

  @TempDir Path dir;

  private static MessageRow consumed(ChatKey chat, long messageId, long senderId, String text) {
    Instant now = Instant.now();
    return MessageRow.receivedConsumed(chat, messageId, senderId, "user" + senderId, text, "[]",
        now, now, RawJson.of("{}"));
  }

  private static MessageRef ref(MessageRow row) {
    return new MessageRef(row.messageId(), row.senderId(), row.eventTime().toEpochMilli());
  }

  /** consumed_at of the one received row with this text, or null (SQL NULL). */
  private static Long consumedAt(StoreHarness h, String text) throws Exception {
    try (Connection c = h.jdbc(); PreparedStatement ps = c.prepareStatement(
        "SELECT consumed_at FROM messages WHERE content_cq = ?")) {
      ps.setString(1, text);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "stored: " + text);
        long at = rs.getLong(1);
        return rs.wasNull() ? null : at;
      }
    }
  }

  @Test
  void aRowStoredConsumedCarriesItsMarkAndIsNotOwed() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey chat = ChatKey.group(1, 80);
      MessageRow none = consumed(chat, 5001, 81, "stored consumed");
      MessageRow owed = StoreHarness.inbound(chat, 82, "stored owed");
      // The bot's own message takes the writer's one-by-one path: it carries the mark too.
      MessageRow own = consumed(chat, 5002, 1, "the bot's own, consumed");
      // One group commit (not awaited in between): both insert paths, both kinds of row.
      OnContext.await(Future.all(store.append(none), store.append(owed), store.append(own)));

      assertEquals(none.receivedAt().toEpochMilli(), consumedAt(h, "stored consumed"));
      assertEquals(own.receivedAt().toEpochMilli(), consumedAt(h, "the bot's own, consumed"));
      assertEquals(null, consumedAt(h, "stored owed"));
      assertTrue(OnContext.await(store.consumed(chat, ref(none))));
      assertEquals(List.of("stored owed"), OnContext.await(store.unconsumed(
          Instant.now().minusSeconds(120), 100)).stream().map(m -> m.row().contentCq()).toList());
    }
  }

  @Test
  void aDuplicateKeepsTheStoredRowsMark() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      ChatKey chat = ChatKey.privateChat(1, 90);
      MessageRow owed = StoreHarness.inbound(chat, 6001, 90, "owed first");
      MessageRow done = consumed(chat, 6002, 90, "consumed first");
      assertEquals(AppendResult.STORED, OnContext.await(store.append(owed)));
      assertEquals(AppendResult.STORED, OnContext.await(store.append(done)));

      // The same messages again, the other way round: turned away, the rows stay as they were.
      MessageRow owedAgain = MessageRow.receivedConsumed(chat, 6001, 90, owed.senderName(),
          owed.contentCq(), owed.contentJson(), owed.eventTime(), Instant.now(), null);
      MessageRow doneAgain = MessageRow.received(chat, 6002, 90, done.senderName(),
          done.contentCq(), done.contentJson(), done.eventTime(), Instant.now(), null);
      assertEquals(AppendResult.DUPLICATE, OnContext.await(store.append(owedAgain)));
      assertEquals(AppendResult.DUPLICATE, OnContext.await(store.append(doneAgain)));

      assertEquals(null, consumedAt(h, "owed first"));
      assertEquals(done.receivedAt().toEpochMilli(), consumedAt(h, "consumed first"));
      assertFalse(OnContext.await(store.consumed(chat, ref(owed))));
      assertEquals(2, h.count("SELECT count(*) FROM messages"));
    }
  }

  @Test
  void theMarkSurvivesDroppingTheRawJson() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir, Map.of("store.raw_retention", "0"))) {
      ChatKey chat = ChatKey.privateChat(1, 91);
      MessageRow row = consumed(chat, 7001, 91, "raw never kept");
      assertEquals(AppendResult.STORED, OnContext.await(h.store().append(row)));
      assertEquals(row.receivedAt().toEpochMilli(), consumedAt(h, "raw never kept"));
      assertEquals(0, h.count("SELECT count(*) FROM messages WHERE raw_json IS NOT NULL"));
    }
  }
}
