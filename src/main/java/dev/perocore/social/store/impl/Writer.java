package dev.perocore.social.store.impl;

import dev.perocore.social.guard.Backoff;
import dev.perocore.social.guard.Backpressure;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.StoreClosedException;
import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.store.StoreOverloadedException;
import dev.perocore.social.store.impl.WriteItem.Operation;
import dev.perocore.social.store.impl.WriteItem.RowWrite;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: a bounded queue that any thread may add to, drained on the store's own
 * context into group commits — up to {@code store.batch_max} rows, or what arrived within
 * {@code store.batch_linger}, each one IMMEDIATE transaction run as a single task on the writer's
 * own {@link ConnectionThread}. Operations (claims, summaries, housekeeping, checkpoints) run alone
 * on the writer pool's connection, queued in the same order: one write transaction at a time.
 * The queue holds {@link WriteItem}s, each with the promise it completes.
 *
 * <p>A batch that finds the database locked by someone else (SQLITE_BUSY after busy_timeout),
 * full (SQLITE_FULL) or failing I/O is kept and retried with backoff, never dropped: callers wait
 * by their own named deadlines while the rows stay queued and commit when the database is back
 * ({@link CommitHealth} counts, reports and turns readiness down meanwhile); the event loop only
 * ever sees a failed future and a timer. A batch that fails for another reason is split so that
 * only the bad row fails.
 * Everything but the queue and its counter is confined to the store's context.
 *
 * <p>Rows (what arrives from the sockets, and the bot's own sends) are never refused for the
 * queue's length: its depth feeds a {@link Backpressure} signal instead, and the gateway stops
 * reading the sockets above {@code store.queue_high_water}, so a burst waits in TCP buffers.
 * {@code store.queue_max} is the hard ceiling for operations only (claims, summaries, ...), whose
 * callers have a deadline and a fallback.
 */
final class Writer {

  private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
  private static final String COMMIT = "store.commit";

  private enum State { OPEN, CLOSING, CLOSED }

  private final Vertx vertx;
  private final Context context;
  private final Pool pool;
  private final TaskSet tasks;
  private final StoreConfig config;
  private final StoreMetrics metrics;
  private final ConnectionThread commits;
  private final CommitHealth health;
  /** Pause before retrying a batch the database did not take: 10 ms doubling, capped. */
  private final Backoff retryBackoff;
  private final Backpressure pressure;
  /** Writes the batches on the commit thread; keeps what they committed (see CommittedFacts). */
  private final RowWriter rows = new RowWriter();

  private final ConcurrentLinkedQueue<WriteItem> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  private volatile State state = State.OPEN;
  /** A transaction is running or waiting for its retry; read by producers, written on context. */
  private volatile boolean running;

  // Context-confined.
  private final FailedBatchParts isolated = new FailedBatchParts();
  /** The running transaction is a part of a failed batch (its failure is not logged again). */
  private boolean committingPart;
  private long lingerTimer = -1;
  private boolean lingerDue;
  private List<Promise<Void>> idleWaiters = new ArrayList<>();

  Writer(Vertx vertx, Context context, Pool pool, ConnectionThread commits, TaskSet tasks,
      StoreConfig config, StoreMetrics metrics, CommitHealth health, Backpressure pressure) {
    this.vertx = vertx;
    this.context = context;
    this.pool = pool;
    this.tasks = tasks;
    this.config = config;
    this.metrics = metrics;
    this.commits = commits;
    this.health = health;
    this.pressure = pressure;
    pressure.watch(metrics.queueDepth::get);
    this.retryBackoff = Backoff.exponential(Duration.ofMillis(10), config.retryBackoffMax());
  }

  // ---- intake: any thread ----

  /**
   * Queues an item made around the caller's promise, e.g. {@code p -> new MessageWrite(row, p)};
   * completes when its batch committed (a row) or when it ran (an operation).
   */
  <T> Future<T> submit(Function<Promise<T>, WriteItem> item) {
    return submit(item, false);
  }

  /** Like {@link #submit} but also while closing: shutdown's own final steps. */
  <T> Future<T> submitInternal(Function<Promise<T>, WriteItem> item) {
    return submit(item, true);
  }

  /**
   * A transactional operation whose caller waits at most store.write_timeout (the operation,
   * once queued, still runs in its turn).
   */
  <T> Future<T> submitTimed(String kind, String detail, Function<SqlConnection, Future<T>> body) {
    Future<T> queued = submit(promise -> new Operation<>(kind, true, body, promise));
    return tasks.track(kind, detail, config.writeTimeout(), queued);
  }

  /** The caller's context: its callbacks run where it lives, not on the store's loop. */
  private <T> Promise<T> callerPromise() {
    return VertxInternals.callerPromise(vertx);
  }

  private <T> Future<T> submit(Function<Promise<T>, WriteItem> make, boolean internal) {
    Promise<T> promise = callerPromise();
    WriteItem item = make.apply(promise);
    State now = state;
    if (now == State.CLOSED || (now == State.CLOSING && !internal)) {
      metrics.rejected.increment();
      item.fail(new StoreClosedException("store closed: write refused"));
      return promise.future();
    }
    int depth = metrics.queueDepth.incrementAndGet();
    if (!internal && depth > config.queueMax() && item instanceof Operation<?>) {
      // Told like any other change: were this the last change of depth, a signal engaged
      // meanwhile (store.queue_max at or below low-water) would otherwise wait for the next write.
      metrics.queueDepth.decrementAndGet();
      pressure.changed();
      metrics.rejected.increment();
      item.fail(new StoreOverloadedException(config.queueMax()));
      return promise.future();
    }
    queue.add(item);
    // The signal reads the live depth itself: 'depth' may be stale by now (the writer may have
    // drained meanwhile), and engaging on it could pause the sockets over an empty queue.
    pressure.changed();
    // Order matters: add, then read 'running'. The finishing batch clears 'running' and then
    // looks at the queue, so one of the two always sees the other's work.
    if (!running && wakeScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        wakeScheduled.set(false);
        pump();
      });
    }
    return promise.future();
  }

  // ---- state and shutdown: the store's context ----

  /** Number of writes waiting (not counting a transaction in flight). */
  int depth() {
    return metrics.queueDepth.get();
  }

  /**
   * Stops taking writes from callers and completes once everything queued is committed, or fails
   * at {@code deadline} (then what remains is failed and named in the log). Call on the store's
   * context.
   */
  Future<Void> closeIntake(Duration deadline) {
    if (state == State.OPEN) {
      state = State.CLOSING;
    }
    Promise<Void> idle = Promise.promise();
    idleWaiters.add(idle);
    pump();
    long timer = vertx.setTimer(Math.max(1, deadline.toMillis()), id -> {
      if (!idle.future().isComplete()) {
        int lost = abandonAll("not committed within the shutdown deadline ("
            + deadline.toMillis() + " ms); the database stayed locked");
        idle.tryFail(new StoreClosedException("store: " + lost
            + " queued write(s) could not be committed before shutdown"));
      }
    });
    return idle.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  /** After the final steps: refuse everything, fail anything still queued. */
  void closed() {
    state = State.CLOSED;
    abandonAll("store closed");
  }

  // ---- draining: the store's context ----

  private void pump() {
    if (running) {
      return;
    }
    if (state == State.CLOSED) {
      abandonAll("store closed");
      return;
    }
    if (!isolated.isEmpty()) {
      committingPart = true;
      commit(isolated.next(), 0);
      return;
    }
    if (queue.isEmpty()) {
      lingerDue = false;
      if (!idleWaiters.isEmpty()) {
        List<Promise<Void>> waiting = idleWaiters;
        idleWaiters = new ArrayList<>();
        waiting.forEach(Promise::tryComplete);
      }
      return;
    }
    boolean full = metrics.queueDepth.get() >= config.batchMax();
    if (full || lingerDue || state != State.OPEN || config.batchLinger().isZero()) {
      if (lingerTimer >= 0) {
        vertx.cancelTimer(lingerTimer);
        lingerTimer = -1;
      }
      startNext();
    } else if (lingerTimer < 0) {
      lingerTimer = vertx.setTimer(Math.max(1, config.batchLinger().toMillis()), id -> {
        lingerTimer = -1;
        lingerDue = true;
        pump();
      });
    }
  }

  /** The next batch: one operation alone, or consecutive rows up to batch_max. */
  private void startNext() {
    WriteItem first = queue.poll();
    if (first instanceof Operation<?> op) {
      metrics.queueDepth.decrementAndGet();
      pressure.changed();
      runAlone(op, 0);
      return;
    }
    List<RowWrite> batch = new ArrayList<>();
    batch.add((RowWrite) first);  // sealed: not an operation, so a row
    WriteItem next;
    while (batch.size() < config.batchMax() && (next = queue.peek()) instanceof RowWrite row) {
      queue.poll();  // the row just peeked: only this context takes from the queue
      batch.add(row);
    }
    metrics.queueDepth.addAndGet(-batch.size());
    pressure.changed();
    committingPart = false;
    commit(batch, 0);
  }

  private <T> void runAlone(Operation<T> op, int attempt) {
    running = true;
    lingerDue = false;
    if (!CommittedFacts.survive(op.kind())) {
      // It may change users, groups, sessions or last groups behind the commits' back.
      rows.facts().forget();
    }
    Future<T> work = pool.getConnection()
        .compose(conn -> op.run(conn).eventually(conn::close));
    tasks.track(op.kind(), "1 item(s), attempt " + (attempt + 1), outcome(work))
        .onComplete(done -> {
          AsyncResult<T> result = done.result();
          if (result.succeeded()) {
            if (op.transactional()) {
              health.succeeded();
            }
            op.succeeded(result.result());
            finished();
            return;
          }
          CommitFailure reason = SqliteErrors.classify(result.cause());
          if (reason.retried()) {
            // The database's trouble, not the operation's: it waits its turn like rows do.
            health.failed(reason, result.cause(), 1 + depth());
          }
          if (!retry(reason, List.of(op), attempt, next -> runAlone(op, next))) {
            op.fail(result.cause());
            finished();
          }
        });
  }

  private void commit(List<RowWrite> batch, int attempt) {
    running = true;
    lingerDue = false;
    long began = System.nanoTime();
    Future<RowWriter.Written> work = commits.inTransaction(
        statements -> rows.write(statements, batch), rows);
    tasks.track(COMMIT, batch.size() + " item(s), attempt " + (attempt + 1), outcome(work))
        .onComplete(done -> {
          AsyncResult<RowWriter.Written> result = done.result();
          if (result.succeeded()) {
            health.succeeded();
            List<AppendResult> values = result.result().results();
            metrics.idCollisions.increment(result.result().idCollisions());
            metrics.commit.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
            metrics.batchRows.record(batch.size());
            CommitCounts.count(metrics, batch, values);
            CommitDelivery.deliver(batch, values);
            finished();
            return;
          }
          CommitFailure reason = SqliteErrors.classify(result.cause());
          health.failed(reason, result.cause(), batch.size() + depth());
          if (!retry(reason, batch, attempt, next -> commit(batch, next))) {
            failed(batch, result.cause());
          }
        });
  }

  /**
   * An attempt's outcome as a value: a failed attempt is the writer's to handle (counted by
   * reason, retried or split, said once per episode by {@link CommitHealth}), not a task failure
   * to log on every retry.
   */
  private static <T> Future<AsyncResult<T>> outcome(Future<T> attempt) {
    return attempt.transform(Future::succeededFuture);
  }

  /**
   * The database's own trouble (locked by someone else, full, an I/O error): keeps the items and
   * runs them again after a backoff, however long that takes — an inbound row is never dropped
   * for it. False if the failure is the items' own (or the store is closed).
   */
  private boolean retry(CommitFailure reason, List<? extends WriteItem> batch, int attempt,
      IntConsumer again) {
    if (!reason.retried() || state == State.CLOSED) {
      return false;
    }
    if (reason == CommitFailure.BUSY) {
      metrics.busyRetries.increment();
    }
    long delay = retryBackoff.delayMillis(attempt);
    // 'running' stays true: nothing overtakes the batch, and the loop only holds a timer.
    vertx.setTimer(delay, id -> {
      if (state == State.CLOSED) {
        batch.forEach(item -> item.fail(new StoreClosedException("store closed")));
        finished();
      } else {
        again.accept(attempt + 1);
      }
    });
    return true;
  }

  private void failed(List<RowWrite> batch, Throwable cause) {
    if (batch.size() > 1) {
      boolean halved = isolated.split(batch, cause);
      if (!committingPart) {
        LOG.warn("store: a batch of {} failed ({}); committing it {} to single out the failing"
            + " row(s)", batch.size(), String.valueOf(cause), halved ? "in halves" : "row by row");
      }
    } else {
      batch.get(0).fail(cause);
    }
    finished();
  }

  private void finished() {
    running = false;
    // Whatever queued up during the transaction has already waited: commit it now.
    lingerDue = true;
    pump();
  }

  private int abandonAll(String reason) {
    int lost = 0;
    List<WriteItem> all = new ArrayList<>(isolated.drain());
    for (WriteItem item; (item = queue.poll()) != null; ) {
      all.add(item);
      metrics.queueDepth.decrementAndGet();
    }
    pressure.changed();
    for (WriteItem item : all) {
      if (item.fail(new StoreClosedException("store: write " + reason))) {
        lost++;
      }
    }
    if (lost > 0) {
      LOG.error("store: {} queued write(s) failed: {}", lost, reason);
    }
    return lost;
  }
}
