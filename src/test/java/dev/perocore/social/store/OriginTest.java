package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message's origin (schema version 8): live or backfill, stored and read back; a backfilled copy
 * of a stored live message is a duplicate (the identity dedupe) and leaves the live row as it is;
 * rows from before the version read as live.
 */
class OriginTest {

  @TempDir Path dir;

  private static final ChatKey GROUP = ChatKey.group(1, 500);
  private static final Instant T = Instant.ofEpochSecond(1_700_000_000);

  private static MessageRow message(long id, String text) {
    return MessageRow.received(GROUP, id, 2, "u2", text, "[]", T, Instant.now(), null);
  }

  @Test
  void theOriginIsStoredAndABackfilledCopyOfALiveRowIsADuplicate() {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      assertEquals(AppendResult.STORED, OnContext.await(store.append(message(1, "live"))));
      assertEquals(AppendResult.STORED, OnContext.await(
          store.append(message(2, "missed").withOrigin(MessageOrigin.BACKFILL))));
      assertEquals(AppendResult.DUPLICATE, OnContext.await(
          store.append(message(1, "live").withOrigin(MessageOrigin.BACKFILL))));
      assertEquals(0.0, h.gv.counter("social.store.duplicates"),
          "the backfill's overlap with live rows is not a redelivery");
      assertEquals(AppendResult.DUPLICATE, OnContext.await(store.append(message(1, "live"))));
      assertEquals(1.0, h.gv.counter("social.store.duplicates"), "a redelivery is");
      List<StoredMessage> rows = OnContext.await(store.recent(GROUP, 10));
      assertEquals(List.of("live:LIVE", "missed:BACKFILL"), rows.stream()
          .map(m -> m.row().contentCq() + ":" + m.row().origin()).toList());
    }
  }

  @Test
  void rowsFromBeforeVersionEightReadAsLive() throws Exception {
    Path db = dir.resolve("data/social.db");
    try (StoreHarness h = StoreHarness.open(dir)) {
      OnContext.await(h.store().append(message(1, "old")));
    }
    // As a version-7 database would hold it: no origin column at all.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("DROP INDEX messages_backfill_by_time"); // version 12 (on origin), re-created
      s.execute("ALTER TABLE messages DROP COLUMN origin");
      s.execute("DROP TABLE message_media"); // version 9, re-created by the upgrade
      s.execute("DROP TABLE summary_participants"); // version 11, likewise
      s.execute("DROP TRIGGER summaries_participants_delete");
      s.execute("PRAGMA user_version = 7");
    }
    try (StoreHarness h = StoreHarness.open(dir)) {
      assertEquals(MessageOrigin.LIVE,
          OnContext.await(h.store().recent(GROUP, 10)).get(0).row().origin());
    }
  }
}
