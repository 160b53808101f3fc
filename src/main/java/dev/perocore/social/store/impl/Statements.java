package dev.perocore.social.store.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer connection's prepared statements, kept for the connection's life: preparing the
 * insert, the upserts and the collision count again for every group commit was SQLite parsing
 * and planning the same SQL a few times per batch. Kept only while nothing failed: after a
 * rollback the owner {@link #close()}s them all and the next batch prepares fresh ones (a
 * statement a failed batch left half-bound or half-stepped is never reused), and a different
 * connection gets a different set.
 *
 * <p>Confined to the writer's {@link ConnectionThread}, like the connection. Each statement is
 * left reset after use (batches are executed, result sets closed), so none holds a read
 * transaction open across COMMIT.
 */
final class Statements implements AutoCloseable {

  private final Connection connection;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  Statements(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  /** The statement for {@code sql} on this connection, prepared on first use. */
  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement statement = prepared.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      prepared.put(sql, statement);
    }
    return statement;
  }

  /** Closes every statement; failures are of no consequence (the connection finalizes them). */
  @Override
  public void close() {
    for (PreparedStatement statement : prepared.values()) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // Closing a statement of a failed connection: SQLite finalizes it with the connection.
      }
    }
    prepared.clear();
  }
}
