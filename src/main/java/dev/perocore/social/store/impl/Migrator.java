package dev.perocore.social.store.impl;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings a database to {@link Migrations#LATEST}, one version per transaction. */
public final class Migrator {

  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

  /**
   * The named deadline ({@code store.migrate}) of bringing the schema up to date at open. Generous:
   * a migration may rewrite a large file; a start-up that passes it fails with the reason (each
   * version is its own transaction, so what did not finish rolls back).
   */
  static final Duration DEADLINE = Duration.ofMinutes(10);

  private Migrator() {}

  /** Reads {@code PRAGMA user_version}. */
  public static Future<Integer> version(SqlConnection conn) {
    return conn.query("PRAGMA user_version").execute()
        .map(rs -> rs.iterator().next().getInteger("user_version"));
  }

  /** Migrates up to {@code target} (tests build earlier versions with it). */
  public static Future<Integer> migrate(SqlConnection conn, String path, int target) {
    return version(conn).compose(current -> {
      if (current > Migrations.LATEST) {
        return Future.failedFuture(OpenFailures.newerSchema(path, current, Migrations.LATEST));
      }
      Future<Void> chain = Future.succeededFuture();
      for (int v = current + 1; v <= target; v++) {
        int version = v;
        List<String> statements = Migrations.VERSIONS.get(version - 1);
        chain = chain.compose(done -> Transactions.<Void>immediate(conn, c -> {
          Future<Void> steps = Future.succeededFuture();
          for (String sql : statements) {
            steps = steps.compose(x -> c.query(sql).execute().mapEmpty());
          }
          // user_version is in the database header: it commits or rolls back with the rest.
          return steps.compose(x -> c.query("PRAGMA user_version = " + version).execute()
              .<Void>mapEmpty());
        }).andThen(ar -> {
          if (ar.succeeded()) {
            LOG.info("store: schema migrated to version {}", version);
          }
        }));
      }
      return chain.map(Math.max(current, target));
    });
  }

  static Future<Integer> migrate(SqlConnection conn, String path) {
    return migrate(conn, path, Migrations.LATEST);
  }
}
