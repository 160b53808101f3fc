package dev.perocore.social.store.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer connection's WAL after a checkpoint, on a real SQLite file through {@link
 * DataSources}: the next commit starts the WAL over in place, and the file is cut back to
 * store.wal_max_bytes (journal_size_limit) — neither left at its largest nor truncated to nothing,
 * which would make the commits after it grow the file again page by page.
 */
class WalRestartTest {

  private static final long MAX = 1024 * 1024;

  @TempDir
  Path dir;

  @Test
  void aWalThatStartsOverIsCutBackToWalMaxBytes() throws Exception {
    Path file = dir.resolve("wal.db");
    StoreConfig config = TestConfig.defaults().with("store.path", file)
        .with("store.wal_max_bytes", "1MiB").store();
    Path wal = Path.of(file + "-wal");
    try (Connection c = DataSources.create(file.toString(), config).getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x TEXT)");
      insert(c, 800); // ~3.2 MB of pages: a WAL well past wal_max_bytes
      long grown = Files.size(wal);
      assertTrue(grown > 3 * MAX, "the WAL grew to " + grown);

      try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getInt(1), "not busy");
        assertEquals(rs.getInt(2), rs.getInt(3), "every frame copied: the WAL may start over");
      }
      assertEquals(grown, Files.size(wal), "a checkpoint alone leaves the file as it is");

      insert(c, 1); // starts the WAL over from its beginning, and cuts the file back
      assertEquals(MAX, Files.size(wal), "cut back to wal_max_bytes, not to nothing");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(801, rs.getInt(1));
      }
    }
  }

  private static void insert(Connection c, int rows) throws Exception {
    c.setAutoCommit(false);
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (x) VALUES (?)")) {
      for (int i = 0; i < rows; i++) {
        insert.setString(1, "x".repeat(4000) + i);
        insert.executeUpdate();
      }
    }
    c.commit();
    c.setAutoCommit(true);
  }
}
