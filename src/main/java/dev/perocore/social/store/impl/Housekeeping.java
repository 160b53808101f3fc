package dev.perocore.social.store.impl;

import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.store.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes messages, notices, requests and summaries older than store.retention and drops raw JSON
 * older than store.raw_retention, every store.housekeeping_interval (the first pass soon after
 * opening) and on demand. Deletes run in small steps queued behind appends on the {@link Writer},
 * so a large backlog never holds the write lock for long.
 */
final class Housekeeping {

  // Under the store's logger, where this line has always been (log filters may match it).
  private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

  private final Vertx vertx;
  private final TaskSet tasks;
  private final StoreConfig config;
  private final Writer writer;
  private final BooleanSupplier open;

  // Confined to the store's context.
  private long timer = -1;
  private boolean running;

  Housekeeping(Vertx vertx, TaskSet tasks, StoreConfig config, Writer writer,
      BooleanSupplier open) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.config = config;
    this.writer = writer;
    this.open = open;
  }

  /** Schedules the first pass: after the interval, or 30 s if that is sooner. */
  void start() {
    long first = Math.min(config.housekeepingInterval().toMillis(), 30_000);
    timer = vertx.setTimer(first, id -> tick());
  }

  /** Stops scheduling passes (one already running goes on to its end or its next step). */
  void stop() {
    vertx.cancelTimer(timer);
  }

  /** One pass; completes with the number of rows deleted or pruned. */
  Future<Long> housekeep() {
    long now = System.currentTimeMillis();
    long rowsBefore = now - config.retention().toMillis();
    long rawBefore = now - config.rawRetention().toMillis();
    int batch = config.pruneBatch();
    AtomicLong total = new AtomicLong();
    Future<Long> work = drainInSteps(Sql.DELETE_OLD_MESSAGES, rowsBefore, batch, total)
        .compose(v -> drainInSteps(Sql.DELETE_OLD_NOTICES, rowsBefore, batch, total))
        .compose(v -> drainInSteps(Sql.DELETE_OLD_REQUESTS, rowsBefore, batch, total))
        .compose(v -> drainInSteps(Sql.DELETE_OLD_SUMMARIES, rowsBefore, batch, total))
        .compose(v -> drainInSteps(Sql.DELETE_OLD_MEDIA, rowsBefore, batch, total))
        .compose(v -> drainInSteps(Sql.PRUNE_RAW, rawBefore, batch, total))
        .map(v -> total.get());
    return tasks.track("store.housekeeping", "retention", work);
  }

  /** One small transaction per step, queued behind appends, until a step finds fewer rows. */
  private Future<Void> drainInSteps(String sql, long before, int batch, AtomicLong total) {
    // Each step has a named deadline (store.prune, store.write_timeout): a database that does not
    // take writes ends the pass with the reason; the next pass starts over.
    return writer.submitTimed("store.prune", "retention step",
            conn -> conn.preparedQuery(sql).execute(Tuple.of(before, batch))
                .map(rs -> rs.rowCount()))
        .compose(count -> {
          total.addAndGet(count);
          return count < batch || !open.getAsBoolean() ? Future.succeededFuture()
              : drainInSteps(sql, before, batch, total);
        });
  }

  /** One pass at a time: a pass still running when the next is due lets that one go. */
  private void tick() {
    if (!open.getAsBoolean()) {
      return;
    }
    if (!running) {
      running = true;
      housekeep().onComplete(ar -> {
        running = false;
        if (ar.succeeded() && ar.result() > 0) {
          LOG.info("store: housekeeping deleted or pruned {} row(s)", ar.result());
        }
      });
    }
    timer = vertx.setTimer(config.housekeepingInterval().toMillis(), id -> tick());
  }
}
