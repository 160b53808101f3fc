package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.store.impl.Migrations;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versioned migrations: from empty, from every earlier version, and a newer file refused. */
class MigrationsTest {

  @TempDir Path dir;

  @Test
  void anEmptyFileIsMigratedToTheLatestVersion() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      assertEquals(Migrations.LATEST, h.count("PRAGMA user_version"));
      assertEquals(Migrations.LATEST, h.store().status().schemaVersion());
    }
  }

  @Test
  void everyEarlierVersionIsMigratedKeepingItsRows() throws Exception {
    for (int version = 1; version < Migrations.LATEST; version++) {
      Path folder = dir.resolve("v" + version);
      Files.createDirectories(folder.resolve("data"));
      Path file = folder.resolve("data/social.db");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = c.createStatement()) {
        for (int v = 1; v <= version; v++) {
          for (String sql : Migrations.VERSIONS.get(v - 1)) {
            s.execute(sql);
          }
          s.execute("PRAGMA user_version = " + v);
        }
        // An already summarized row, its session, then a row written by that version's schema
        // (columns of version 1).
        s.execute("INSERT INTO messages (self_id, chat_type, peer_id, message_id, status,"
            + " sender_id, sender_name, content_cq, content_json, event_time, received_at,"
            + " summarized) VALUES (1, 'group', 5, 0, 'received', 2, 'old', 'summarized', '[]',"
            + " 0, 0, 1)");
        s.execute("INSERT INTO sessions (self_id, chat_type, peer_id, last_active_at)"
            + " VALUES (1, 'group', 5, 0)");
        s.execute("INSERT INTO messages (self_id, chat_type, peer_id, message_id, status,"
            + " sender_id, sender_name, content_cq, content_json, event_time, received_at)"
            + " VALUES (1, 'group', 5, 1, 'received', 2, 'old', 'from v" + version + "', '[]', 0,"
            + " 0)");
      }
      try (StoreHarness h = StoreHarness.open(folder)) {
        assertEquals(Migrations.LATEST, h.count("PRAGMA user_version"), "from v" + version);
        var old = OnContext.await(h.store().recent(ChatKey.group(1, 5), 10));
        assertEquals("from v" + version, old.get(1).row().contentCq());
        if (version < 3) {
          // Version 3's backfill: the sender's last group comes from the old rows.
          assertEquals(java.util.Optional.of(5L), OnContext.await(h.store().latestGroupOf(1, 2)),
              "from v" + version);
        }
        // The new schema works on the migrated file: the claim (v2 column, v4 floor) takes the
        // unsummarized row only.
        var claimed = OnContext.await(h.store().claim(ChatKey.group(1, 5), 5)).messages();
        assertEquals(List.of("from v" + version),
            claimed.stream().map(m -> m.row().contentCq()).toList());
        if (version < 4) {
          assertEquals(old.get(1).rowId(), h.count("SELECT summary_floor FROM sessions"),
              "v4 backfill: the floor is the first unsummarized row");
        }
      }
    }
  }

  @Test
  void aVersion4FileKeepsItsRowsAndGetsIdentityDedupe() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Path file = dir.resolve("data/social.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      for (int v = 1; v <= 4; v++) {
        for (String sql : Migrations.VERSIONS.get(v - 1)) {
          s.execute(sql);
        }
      }
      s.execute("PRAGMA user_version = 4");
      for (int i = 0; i < 3; i++) {
        s.execute("INSERT INTO messages (self_id, chat_type, peer_id, message_id, status,"
            + " sender_id, sender_name, content_cq, content_json, event_time, received_at)"
            + " VALUES (1, 'group', 5, " + (100 + i) + ", 'received', 2, 'old', 'v4 #" + i
            + "', '[]', 1000, 1000)");
      }
      s.execute("INSERT INTO messages (self_id, chat_type, peer_id, message_id, status, retcode,"
          + " sender_id, sender_name, content_cq, content_json, event_time, received_at) VALUES"
          + " (1, 'group', 5, NULL, 'failed', 1200, 1, 'bot', 'unsent', '[]', 2000, 2000)");
      // Version 4 kept NapCat's double reports: one recall twice, a poke, another recall.
      String notice = "INSERT INTO notices (self_id, notice_type, sub_type, group_id, user_id,"
          + " operator_id, detail_json, event_time, received_at) VALUES ";
      s.execute(notice + "(1, 'group_recall', NULL, 5, 2, 3, '{\"message_id\":101}', 3000, 3000)");
      s.execute(notice + "(1, 'group_recall', NULL, 5, 2, 3, '{\"message_id\":101}', 3000, 3001)");
      s.execute(notice + "(1, 'group_recall', NULL, 5, 2, 3, '{\"message_id\":102}', 3000, 3002)");
      s.execute(notice + "(1, 'notify', 'poke', NULL, 2, NULL, 'not json', 4000, 4000)");
    }
    try (StoreHarness h = StoreHarness.open(dir)) {
      assertEquals(Migrations.LATEST, h.count("PRAGMA user_version"));
      assertEquals(4, h.count("SELECT count(*) FROM messages"), "every message kept");
      assertEquals(3, h.count("SELECT count(*) FROM notices"), "only the double report went");
      assertEquals(1, h.count("SELECT count(*) FROM notices WHERE message_id = 101"));
      assertEquals(1, h.count("SELECT count(*) FROM notices WHERE message_id = 102"));
      assertEquals(1, h.count("SELECT count(*) FROM notices WHERE notice_type = 'notify'"
          + " AND message_id IS NULL AND detail_json = 'not json'"));
      // The id index is no longer unique: an old row's id, another sender, is stored.
      var now = java.time.Instant.now();
      assertEquals(AppendResult.STORED, OnContext.await(h.store().append(MessageRow.received(
          ChatKey.group(1, 5), 100, 9, "new", "collides", "[]", now, now, null))));
      // ... and the old row itself, redelivered, is a duplicate.
      assertEquals(AppendResult.DUPLICATE, OnContext.await(h.store().append(MessageRow.received(
          ChatKey.group(1, 5), 101, 2, "old", "v4 #1", "[]",
          java.time.Instant.ofEpochMilli(1000), now, null))));
      assertEquals(1.0, h.gv.counter("social.store.id.collisions"));
      assertEquals(AppendResult.DUPLICATE, OnContext.await(h.store().append(new NoticeRow(1,
          "group_recall", null, 5L, 2L, 3L, "{\"message_id\":102}",
          java.time.Instant.ofEpochMilli(3000), now))));
    }
  }

  @Test
  void aMigrationIsOneTransaction() throws Exception {
    // Break version 2 half-way: a table it creates already exists. Version 1 must commit, and
    // nothing of version 2 may remain.
    Files.createDirectories(dir.resolve("data"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/social.db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE summaries (x)");
    }
    GuardedVertx gv = GuardedVertx.fast();
    try {
      StoreConfig config = TestConfig.store(Map.of("store.path", dir.resolve("data/social.db")));
      Throwable failure = OnContext.failure(gv.vertx.deployVerticle(
          new StoreVerticle(gv.guard, config, Duration.ofSeconds(1))));
      assertInstanceOf(StoreOpenException.class, failure);
    } finally {
      gv.close();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/social.db"));
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("PRAGMA user_version");
      rs.next();
      assertEquals(1, rs.getInt(1));
      var columns = s.executeQuery("SELECT count(*) FROM pragma_table_info('messages')"
          + " WHERE name = 'claim_id'");
      columns.next();
      assertEquals(0, columns.getInt(1), "version 2's ALTER was rolled back");
    }
  }

  @Test
  void aDatabaseFromANewerVersionIsRefusedClearly() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Path file = dir.resolve("data/social.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = " + (Migrations.LATEST + 1));
    }
    GuardedVertx gv = GuardedVertx.fast();
    try {
      StoreVerticle verticle = new StoreVerticle(gv.guard,
          TestConfig.store(Map.of("store.path", file)), Duration.ofSeconds(1));
      Throwable failure = OnContext.failure(gv.vertx.deployVerticle(verticle));
      assertInstanceOf(StoreOpenException.class, failure);
      String line = failure.getMessage();
      assertTrue(line.contains("schema version " + (Migrations.LATEST + 1) + ", newer than this build's "
          + Migrations.LATEST), line);
      assertEquals(StoreOpenException.Reason.NEWER_SCHEMA, ((StoreOpenException) failure).reason());
      assertFalse(line.contains("\n"), line);
    } finally {
      gv.close();
    }
  }
}
