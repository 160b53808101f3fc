package dev.perocore.social.store.impl;

import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.store.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WAL checkpoints. Commits never checkpoint (wal_autocheckpoint is off: see {@link DataSources});
 * this does, every store.checkpoint_interval in which something was committed, and on demand
 * (admin, shutdown). Keeps {@code social_store_wal_bytes} up to date.
 */
final class Checkpointer {

  // Under the store's logger, where its lines have always been.
  private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

  private final Vertx vertx;
  private final TaskSet tasks;
  private final StoreConfig config;
  private final StoreMetrics metrics;
  private final Writer writer;
  private final ConnectionThread thread;
  private final Path file;
  private final BooleanSupplier open;

  // Confined to the store's context.
  private long timer = -1;
  private long committedAtCheckpoint;
  private boolean checkpointing;

  Checkpointer(Vertx vertx, TaskSet tasks, StoreConfig config, StoreMetrics metrics,
      Writer writer, ConnectionThread thread, Path file, BooleanSupplier open) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.config = config;
    this.metrics = metrics;
    this.writer = writer;
    this.thread = thread;
    this.file = file;
    this.open = open;
  }

  /** Starts the periodic checkpoints. */
  void start() {
    timer = vertx.setPeriodic(config.checkpointInterval().toMillis(), id -> tick());
  }

  /** Stops the periodic checkpoints (one already running completes). */
  void stop() {
    vertx.cancelTimer(timer);
  }

  /**
   * A checkpoint queued on the writer; completes with the WAL file's size after it, or fails at
   * its named deadline (store.checkpoint, store.write_timeout): queued behind a batch the
   * database does not take, it would otherwise wait as long as that batch.
   */
  Future<Long> checkpoint(boolean truncate) {
    String mode = truncate ? "TRUNCATE" : "PASSIVE";
    return tasks.track("store.checkpoint", mode + " on the writer", config.writeTimeout(),
            onWriter(mode))
        .compose(v -> walSize());
  }

  /**
   * After commits failed for want of space or I/O: checkpoint and truncate the WAL, so the room
   * just freed goes to new commits instead of a WAL that fills the disk again. Said when it has
   * run, even past its deadline (it is still the one thing that gives the room back).
   */
  void reclaim() {
    Future<Void> run = onWriter("TRUNCATE");
    tasks.track("store.checkpoint", "truncate after commits failed", config.writeTimeout(), run)
        .onFailure(e -> LOG.warn("store: WAL truncation after the failed commits: {}", e.toString()));
    run.compose(v -> walSize()).onSuccess(size -> LOG.info("store: WAL checkpointed and truncated"
        + " after the failed commits ({} bytes left)", size));
  }

  /**
   * Not in a transaction (SQLite refuses a checkpoint inside one); on the writer, so it never
   * competes with our own write transactions. The writer connection is in autocommit mode.
   */
  private Future<Void> onWriter(String mode) {
    return writer.submitInternal(promise -> new WriteItem.Operation<Void>(
        "store.checkpoint", false,
        conn -> conn.query("PRAGMA wal_checkpoint(" + mode + ")").execute().map(rs -> null),
        promise));
  }

  /** The WAL file's size now (0 if there is none); updates {@code social_store_wal_bytes}. */
  Future<Long> walSize() {
    String wal = file + "-wal";
    return vertx.fileSystem().exists(wal)
        .compose(exists -> exists ? vertx.fileSystem().props(wal).map(p -> p.size())
            : Future.succeededFuture(0L))
        .andThen(ar -> {
          if (ar.succeeded()) {
            metrics.walBytes.set(ar.result());
          }
        });
  }

  /** One periodic checkpoint at a time: a slow disk makes ticks skip, never pile up. */
  private void tick() {
    if (!open.getAsBoolean() || checkpointing) {
      return;
    }
    checkpointing = true;
    tasks.run("store.checkpoint", "periodic", this::periodic)
        .onComplete(ar -> checkpointing = false);
  }

  /**
   * Two steps. First the bulk: a PASSIVE checkpoint on the checkpointer's own connection and
   * thread copies the WAL into the database and syncs it while the writer goes on committing.
   * Then, queued between two batches on the writer, a second PASSIVE copies only what arrived
   * meanwhile; with no commit running beside it it completes, so the next commit starts the WAL
   * over from its beginning instead of growing it. A WAL file over wal_max_bytes is truncated by
   * that second step.
   */
  private Future<Long> periodic() {
    long committed = metrics.commit.count();
    if (committed == committedAtCheckpoint) {
      return walSize();
    }
    committedAtCheckpoint = committed;
    Future<Void> bulk = thread.run(conn -> {
      try (var statement = conn.createStatement()) {
        statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
      }
      return null;
    });
    return tasks.track("store.checkpoint", "passive, beside commits", config.writeTimeout(), bulk)
        .compose(v -> walSize())
        .compose(size -> checkpoint(size > config.walMaxBytes()));
  }
}
