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
 * {@link Transactions} gives. Opened lazily by the first task; closed by {@link #close()}. Its
 * {@link Statements} (prepared once, kept) live as long as it does, except that a transaction
 * that rolled back drops them: the next one prepares fresh statements.
 */
final class ConnectionThread {

  /** Blocking JDBC work; runs on this thread only. */
  @FunctionalInterface
  interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Blocking work on the connection's kept statements; runs on this thread only. */
  @FunctionalInterface
  interface StatementWork<T> {
    T apply(Statements statements) throws SQLException;
  }

  /**
   * Told on this thread how a transaction ended, before its future completes: for state that
   * may only mirror what is committed (see {@link CommittedFacts}).
   */
  interface Outcome {
    void committed();

    /** Also when the connection is new: nothing remembered of another one holds. */
    void rolledBack();
  }

  private final DataSource dataSource;
  private final WorkerExecutor executor;
  // Confined to the executor's single thread.
  private Connection connection;
  private Statements statements;

  ConnectionThread(Vertx vertx, DataSource dataSource, String name, long maxExecuteMillis) {
    this.dataSource = dataSource;
    this.executor = vertx.createSharedWorkerExecutor(name, 1, maxExecuteMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Runs {@code work} on this thread; completes on the caller's context. */
  <T> Future<T> run(Work<T> work) {
    return executor.executeBlocking(() -> work.apply(connection()));
  }

  /**
   * Runs {@code work} inside BEGIN IMMEDIATE .. COMMIT; rolls back if anything fails (and drops
   * the kept statements). {@code outcome} hears which, on this thread.
   */
  <T> Future<T> inTransaction(StatementWork<T> work, Outcome outcome) {
    return executor.executeBlocking(() -> immediate(statements(outcome), work, outcome));
  }

  /** Closes the connection (after any task still queued), then the thread. */
  Future<Void> close() {
    return executor.<Void>executeBlocking(() -> {
      if (statements != null) {
        statements.close();
        statements = null;
      }
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

  /** The kept statements of the connection; new ones (and a forgetting outcome) for a new one. */
  private Statements statements(Outcome outcome) throws SQLException {
    Connection conn = connection();
    if (statements == null || statements.connection() != conn) {
      statements = new Statements(conn);
      outcome.rolledBack();
    }
    return statements;
  }

  private <T> T immediate(Statements kept, StatementWork<T> work, Outcome outcome)
      throws SQLException {
    try (Statement control = kept.connection().createStatement()) {
      control.execute("BEGIN IMMEDIATE");
      T result;
      try {
        result = work.apply(kept);
        control.execute("COMMIT");
      } catch (SQLException | RuntimeException failure) {
        try {
          control.execute("ROLLBACK");
        } catch (SQLException rollback) {
          failure.addSuppressed(rollback);
        }
        // A statement the failure left half-bound or mid-step is never reused.
        kept.close();
        statements = null;
        outcome.rolledBack();
        throw failure;
      }
      outcome.committed();
      return result;
    }
  }
}
