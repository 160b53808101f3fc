package dev.perocore.social.store.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One JDBC connection and the one worker thread that ever touches it, for work that is a single
 * blocking unit. The writer's group commits run on one — BEGIN IMMEDIATE, every statement of the
 * batch, COMMIT as one task instead of a worker round trip per statement, so a commit takes
 * SQLite's time, not that plus queueing behind busy event loops between statements — and the
 * background checkpoints on another, so copying the WAL into the database runs beside commits.
 *
 * <p>The connection stays in autocommit mode and transactions are explicit SQL, for the reason
 * {@link Transactions} gives. Opened lazily by the first task; closed by {@link #close()}.
 */
final class ConnectionThread {

  /** Blocking JDBC work; runs on this thread only. */
  @FunctionalInterface
  interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final WorkerExecutor executor;
  private Connection connection;  // confined to the executor's single thread

  ConnectionThread(Vertx vertx, DataSource dataSource, String name, long maxExecuteMillis) {
    this.dataSource = dataSource;
    this.executor = vertx.createSharedWorkerExecutor(name, 1, maxExecuteMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Runs {@code work} on this thread; completes on the caller's context. */
  <T> Future<T> run(Work<T> work) {
    return executor.executeBlocking(() -> work.apply(connection()));
  }

  /** Runs {@code work} inside BEGIN IMMEDIATE .. COMMIT; rolls back if anything fails. */
  <T> Future<T> inTransaction(Work<T> work) {
    return run(conn -> immediate(conn, work));
  }

  /** Closes the connection (after any task still queued), then the thread. */
  Future<Void> close() {
    return executor.<Void>executeBlocking(() -> {
      if (connection != null) {
        connection.close();
        connection = null;
      }
      return null;
    }).eventually(executor::close);
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = dataSource.getConnection();
    }
    return connection;
  }

  private static <T> T immediate(Connection conn, Work<T> work) throws SQLException {
    try (Statement control = conn.createStatement()) {
      control.execute("BEGIN IMMEDIATE");
      T result;
      try {
        result = work.apply(conn);
        control.execute("COMMIT");
      } catch (SQLException | RuntimeException failure) {
        try {
          control.execute("ROLLBACK");
        } catch (SQLException rollback) {
          failure.addSuppressed(rollback);
        }
        throw failure;
      }
      return result;
    }
  }
}
