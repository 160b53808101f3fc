package dev.perocore.social.store.impl;

import dev.perocore.social.store.StoreConfig;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite data source. Its {@link SQLiteConfig} applies the pragmas to every physical
 * connection the pools open, so no connection can miss them: WAL, synchronous NORMAL (or FULL),
 * busy_timeout, foreign keys on, IMMEDIATE as the transaction mode of any JDBC-level
 * transaction, and no automatic checkpoints.
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
    SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }
}
