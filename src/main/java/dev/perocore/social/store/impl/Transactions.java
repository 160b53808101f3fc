package dev.perocore.social.store.impl;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * Write transactions as explicit SQL on a connection that stays in autocommit mode.
 *
 * <p>Why not {@code Pool.withTransaction}: in vertx-jdbc-client 5.0.10 it leaves the connection
 * with autocommit off (vert-x3/vertx-jdbc-client#356), and sqlite-jdbc's {@code commit()} on such
 * a connection immediately runs the next {@code BEGIN IMMEDIATE}. The writer would then hold the
 * database's write lock between batches forever (other processes get SQLITE_BUSY, checkpoints
 * cannot run) and a later bare statement would sit in a transaction nobody commits. Sending
 * BEGIN IMMEDIATE / COMMIT / ROLLBACK ourselves keeps the JDBC connection in autocommit mode, so
 * neither can happen, and IMMEDIATE makes a busy database wait on busy_timeout at BEGIN, not fail
 * at the read-to-write upgrade.
 */
final class Transactions {

  private Transactions() {}

  /** Runs {@code body} inside BEGIN IMMEDIATE .. COMMIT; rolls back if anything fails. */
  static <T> Future<T> immediate(SqlConnection conn, Function<SqlConnection, Future<T>> body) {
    return conn.query("BEGIN IMMEDIATE").execute()
        .compose(begun -> body.apply(conn))
        .compose(result -> conn.query("COMMIT").execute().map(result))
        .recover(failure -> conn.query("ROLLBACK").execute()
            // No transaction to roll back (BEGIN itself failed) is expected here.
            .<T>transform(ignored -> Future.failedFuture(failure)));
  }
}
