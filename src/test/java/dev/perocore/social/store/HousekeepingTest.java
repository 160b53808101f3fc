package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.testing.OnContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention in small batches, raw JSON pruning, WAL checkpoints, online backup. */
class HousekeepingTest {

  @TempDir Path dir;

  @Test
  void oldRowsAreDeletedInSmallBatchesAndOldRawJsonPruned() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir,
        Map.of("store.retention", "90d", "store.raw_retention", "7d", "store.prune_batch", 7))) {
      Store store = h.store();
      ChatKey session = ChatKey.group(1, 1);
      Instant now = Instant.now();
      List<io.vertx.core.Future<AppendResult>> writes = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        writes.add(store.append(aged(session, 1000 + i, now.minus(Duration.ofDays(100)))));
        writes.add(store.append(aged(session, 2000 + i, now.minus(Duration.ofDays(10)))));
        writes.add(store.append(aged(session, 3000 + i, now.minus(Duration.ofDays(1)))));
      }
      writes.add(store.append(new NoticeRow(1, "poke", null, 1L, 2L, 3L, "{}",
          now.minus(Duration.ofDays(100)), now.minus(Duration.ofDays(100)))));
      OnContext.await(io.vertx.core.Future.all(writes));
      double commitsBefore = h.gv.registry.find("social.store.batch.rows").summary().count();

      long changed = OnContext.await(store.housekeep());

      assertEquals(30 + 1 + 30, changed, "30 deleted + 1 notice + 30 raw pruned");
      assertEquals(60, h.count("SELECT count(*) FROM messages"));
      assertEquals(0, h.count("SELECT count(*) FROM notices"));
      assertEquals(30, h.count("SELECT count(*) FROM messages WHERE raw_json IS NOT NULL"));
      assertEquals(30, h.count("SELECT count(*) FROM messages WHERE raw_json IS NOT NULL"
          + " AND message_id >= 3000"));
      // Small batches (prune_batch 7): housekeeping ran as many short transactions.
      assertEquals(commitsBefore,
          h.gv.registry.find("social.store.batch.rows").summary().count(),
          "housekeeping steps are operations, not row batches");
      assertTrue(h.gv.guard.taskCount("store.prune",
          dev.perocore.social.guard.TaskOutcome.SUCCESS) >= 30 / 7 + 30 / 7);
    }
  }

  @Test
  void rawRetentionZeroNeverKeepsRawJson() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir,
        Map.of("store.retention", "90d", "store.raw_retention", "0", "store.prune_batch", 7))) {
      OnContext.await(h.store().append(StoreHarness.inbound(ChatKey.group(1, 1), 5, "hi")));
      assertEquals(1, h.count("SELECT count(*) FROM messages"));
      assertEquals(0, h.count("SELECT count(*) FROM messages WHERE raw_json IS NOT NULL"),
          "written without it, not pruned later");
    }
  }

  private static MessageRow aged(ChatKey session, long id, Instant at) {
    return MessageRow.received(session, id, 5, "old", "text " + id, "[]", at, at, "{\"raw\":1}");
  }

  @Test
  void aLargeWalIsTruncatedAndItsSizeReported() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir,
        Map.of("store.wal_max_bytes", "1MiB", "store.checkpoint_interval", "200ms"))) {
      Store store = h.store();
      List<io.vertx.core.Future<AppendResult>> writes = new ArrayList<>();
      String big = "x".repeat(4000);
      for (int i = 0; i < 600; i++) {
        writes.add(store.append(StoreHarness.inbound(ChatKey.group(1, 2), 3, big + i)));
      }
      OnContext.await(io.vertx.core.Future.all(writes));
      // The periodic check sees a WAL over wal_max_bytes (1 MiB) and truncates it.
      OnContext.await(dev.perocore.social.testing.Poll.untilTrue(h.gv.vertx,
          "WAL truncated by the periodic checkpoint",
          () -> Path.of(h.config.path() + "-wal").toFile().length() == 0));
      assertEquals(0L, OnContext.await(store.checkpoint(false)));
      assertEquals(0.0, h.gv.gauge("social.store.wal.bytes"));
      assertEquals(600, h.count("SELECT count(*) FROM messages"));
    }
  }

  /**
   * SQLite's default would checkpoint inside whichever commit pushes the WAL past 1000 pages,
   * copy and fsync included, on the writer. Here commits never do; the background checkpointer
   * moves the pages into the database file, so they reach it without any commit paying for it.
   */
  @Test
  void commitsNeverCheckpointTheBackgroundCheckpointerDoes() throws Exception {
    int rows = 1_500;  // a 4 KB text each: well past SQLite's 1000-page autocheckpoint
    try (StoreHarness idle = StoreHarness.open(dir.resolve("no-interval"),
        Map.of("store.wal_max_bytes", "64MiB", "store.checkpoint_interval", "1h"))) {
      appendBig(idle.store(), rows);
      assertEquals(rows, idle.count("SELECT count(*) FROM messages"), "all committed");
      assertEquals(0, OnContext.await(idle.gv.vertx.executeBlocking(() -> rowsInDatabaseFile(
          idle))), "no commit checkpointed: the rows are in the WAL only");
    }
    try (StoreHarness h = StoreHarness.open(dir.resolve("interval"),
        Map.of("store.wal_max_bytes", "64MiB", "store.checkpoint_interval", "100ms"))) {
      appendBig(h.store(), rows);
      OnContext.await(dev.perocore.social.testing.Poll.until(h.gv.vertx, Duration.ofMillis(50),
          Duration.ofSeconds(20), "all rows checkpointed into the database file",
          () -> h.gv.vertx.executeBlocking(() -> rowsInDatabaseFile(h) == rows)));
      // The checkpoint wrote the pages before its fsync and its task's completion: wait for the
      // count rather than reading it in that gap (it failed so on a loaded machine).
      OnContext.await(dev.perocore.social.testing.Poll.untilTrue(h.gv.vertx,
          "a background checkpoint counted as a success", () -> h.gv.guard.taskCount(
              "store.checkpoint", dev.perocore.social.guard.TaskOutcome.SUCCESS) > 0));
    }
  }

  private static void appendBig(Store store, int rows) {
    String big = "y".repeat(4000);
    List<io.vertx.core.Future<AppendResult>> writes = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      writes.add(store.append(StoreHarness.inbound(ChatKey.group(1, 2 + i % 7), 3,
          big + i)));
    }
    OnContext.await(io.vertx.core.Future.all(writes));
  }

  /**
   * Message rows in a copy of the database file alone, without its WAL: what checkpoints have
   * moved there. A copy torn by a checkpoint writing meanwhile counts as -1 (the poll retries).
   */
  private static long rowsInDatabaseFile(StoreHarness h) throws Exception {
    Path copy = Path.of(h.config.path() + ".copy-" + System.nanoTime());
    java.nio.file.Files.copy(Path.of(h.config.path()), copy);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        Statement s = c.createStatement()) {
      ResultSet tables = s.executeQuery(
          "SELECT count(*) FROM sqlite_master WHERE name = 'messages'");
      tables.next();
      if (tables.getInt(1) == 0) {
        return 0;
      }
      ResultSet rs = s.executeQuery("SELECT count(*) FROM messages");
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException torn) {
      return -1;
    } finally {
      java.nio.file.Files.deleteIfExists(copy);
      java.nio.file.Files.deleteIfExists(Path.of(copy + "-wal"));
      java.nio.file.Files.deleteIfExists(Path.of(copy + "-shm"));
    }
  }

  @Test
  void backupWritesAConsistentCopyWhileTheStoreRuns() throws Exception {
    try (StoreHarness h = StoreHarness.open(dir)) {
      Store store = h.store();
      for (int i = 0; i < 50; i++) {
        OnContext.await(store.append(StoreHarness.inbound(ChatKey.privateChat(1, 4), 4, "b" + i)));
      }
      Path target = dir.resolve("backups/copy.db");
      OnContext.await(store.backup(target));
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target);
          Statement s = c.createStatement()) {
        ResultSet rs = s.executeQuery("SELECT count(*) FROM messages");
        rs.next();
        assertEquals(50, rs.getInt(1));
        ResultSet version = s.executeQuery("PRAGMA user_version");
        version.next();
        assertEquals(h.store().status().schemaVersion(), version.getInt(1));
      }
      // An existing file is never overwritten.
      assertInstanceOf(IllegalArgumentException.class,
          OnContext.failure(store.backup(target)));
    }
  }
}
