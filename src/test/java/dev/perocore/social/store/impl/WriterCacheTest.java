package dev.perocore.social.store.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.testing.TestConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store.writer_cache_size}: the writer's connection gets that much of SQLite's page cache
 * (16 MiB as shipped), the pools' connections SQLite's own default (2 MiB), and the key is read
 * in bytes.
 */
class WriterCacheTest {

  @TempDir
  Path dir;

  @Test
  void theWritersConnectionHasTheConfiguredCacheAndThePoolsTheDefault() throws Exception {
    String file = dir.resolve("cache.db").toString();
    StoreConfig shipped = TestConfig.defaults().store();
    assertEquals(16L * 1024 * 1024, shipped.writerCacheBytes(), "as shipped");
    assertEquals(-16_384, cacheSize(DataSources.forWriter(file, shipped).getConnection()));
    assertEquals(-2_000, cacheSize(DataSources.create(file, shipped).getConnection()),
        "SQLite's default for the readers");

    StoreConfig small = TestConfig.store(Map.of("store.writer_cache_size", "4MiB"));
    assertEquals(-4_096, cacheSize(DataSources.forWriter(file, small).getConnection()));
  }

  /** {@code PRAGMA cache_size}: negative = KiB. Closes the connection. */
  private static long cacheSize(Connection connection) throws Exception {
    try (connection;
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA cache_size")) {
      return rs.getLong(1);
    }
  }
}
