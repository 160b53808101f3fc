package dev.perocore.social.store.impl;

import dev.perocore.social.store.StoreConfig;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite data source. Its {@link SQLiteConfig} applies the pragmas to every physical
 * connection the pools open, so no connection can miss them: WAL, synchronous NORMAL (or FULL),
 * busy_timeout, foreign keys on, IMMEDIATE as the transaction mode of any JDBC-level
 * transaction, and no automatic checkpoints. The writer's own connection gets a larger page cache
 * ({@link #forWriter}).
 */
final class DataSources {

  private DataSources() {}

  /** The pools' connections: SQLite's default page cache (2 MiB) each. */
  static SQLiteDataSource create(String file, StoreConfig config) {
    return create(file, config, new SQLiteConfig());
  }

  /**
   * The connection the writer commits every batch on, with {@code store.writer_cache_size} of
   * page cache. Message ids as NapCat sends them (31 bits in no order) put each row's entry of
   * messages_by_identity on a leaf page of its own: with the default 2 MiB those pages are read
   * back from the file for every batch once the index outgrows it (bench service, 1k sessions:
   * 22-23k msgs/s with the default, 25-26k with 16 MiB).
   */
  static SQLiteDataSource forWriter(String file, StoreConfig config) {
    SQLiteConfig sqlite = new SQLiteConfig();
    // Negative: a size in KiB rather than in pages.
    sqlite.setCacheSize((int) -Math.max(1, config.writerCacheBytes() / 1024));
    return create(file, config, sqlite);
  }

  private static SQLiteDataSource create(String file, StoreConfig config, SQLiteConfig sqlite) {
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(config.synchronousFull()
        ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
    sqlite.enforceForeignKeys(true);
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // No commit checkpoints inline (SQLite's default: every 1000 pages, inside the commit that
    // crosses it, fsync included). The Checkpointer runs them on a thread of its own beside the
    // writer.
    sqlite.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
    SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }
}
