package dev.perocore.social.store.impl;

import dev.perocore.social.store.StoreConfig;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite data source. Its {@link SQLiteConfig} applies the pragmas to every physical
 * connection the pools open, so no connection can miss them: WAL, synchronous NORMAL (or FULL),
 * busy_timeout, foreign keys on, IMMEDIATE as the transaction mode of any JDBC-level
 * transaction, no automatic checkpoints, and a WAL cut back to store.wal_max_bytes when it starts
 * over.
 */
final class DataSources {

  private DataSources() {}

  static SQLiteDataSource create(String file, StoreConfig config) {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(config.synchronousFull()
        ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
    sqlite.enforceForeignKeys(true);
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // No commit checkpoints inline (SQLite's default: every 1000 pages, inside the commit that
    // crosses it, fsync included). SqliteStore checkpoints on its own thread beside the writer.
    sqlite.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
    // A WAL that starts over is cut back to wal_max_bytes, not to nothing: the commits after it
    // overwrite the file's pages in place. Growing a truncated WAL again cost every commit the
    // kernel's allocation of each new page (RowWriterBench: writer CPU per row -6 to -9%).
    sqlite.setPragma(SQLiteConfig.Pragma.JOURNAL_SIZE_LIMIT, Long.toString(config.walMaxBytes()));
    SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }
}
