package dev.perocore.social.store.impl;

import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.NoticeRow;
import dev.perocore.social.store.StoreClosedException;
import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.store.StoreOverloadedException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: a bounded queue that any thread may add to, drained on the store's own
 * context into group commits — up to {@code store.batch_max} rows, or what arrived within
 * {@code store.batch_linger}, each one IMMEDIATE transaction run as a single task on the writer's
 * own {@link ConnectionThread}. Operations (claims, summaries, housekeeping, checkpoints) run alone
 * on the writer pool's connection, queued in the same order: one write transaction at a time.
 *
 * <p>A batch that finds the database locked by someone else (SQLITE_BUSY after busy_timeout) is
 * kept and retried with backoff, never dropped; the event loop only ever sees a failed future and
 * a timer. A batch that fails for another reason is split so that only the bad row fails.
 * Everything but the queue and its counter is confined to the store's context.
 */
final class Writer {

  private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

  /** An operation that runs alone: a claim, a summary, a resolution, a housekeeping step. */
  record Op(String kind, boolean transactional, Function<SqlConnection, Future<Object>> body) {}

  private record Pending(Object item, Promise<Object> promise) {}

  private enum State { OPEN, CLOSING, CLOSED }

  private final Vertx vertx;
  private final ContextInternal context;
  private final Pool pool;
  private final TaskSet tasks;
  private final StoreConfig config;
  private final StoreMetrics metrics;
  private final ConnectionThread commits;
  private final RateLimitedLog busyLog = new RateLimitedLog(LOG, Duration.ofSeconds(5));

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  private volatile State state = State.OPEN;
  /** A transaction is running or waiting for its retry; read by producers, written on context. */
  private volatile boolean running;

  // Context-confined.
  private final ArrayDeque<Pending> isolated = new ArrayDeque<>();
  private long lingerTimer = -1;
  private boolean lingerDue;
  private List<Promise<Void>> idleWaiters = new ArrayList<>();

  Writer(Vertx vertx, ContextInternal context, Pool pool, ConnectionThread commits, TaskSet tasks,
      StoreConfig config, StoreMetrics metrics) {
    this.vertx = vertx;
    this.context = context;
    this.pool = pool;
    this.tasks = tasks;
    this.config = config;
    this.metrics = metrics;
    this.commits = commits;
  }

  /** Queues a row (message, notice, request, user or group); completes when committed. */
  <T> Future<T> submitRow(Object row) {
    return submit(row, false);
  }

  /** Queues an operation that runs in its own transaction (or alone, if not transactional). */
  <T> Future<T> submitOp(Op op) {
    return submit(op, false);
  }

  /** Like {@link #submitOp} but also while closing: shutdown's own final steps. */
  <T> Future<T> submitInternal(Op op) {
    return submit(op, true);
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> submit(Object item, boolean internal) {
    // The caller's context: its callbacks run where it lives, not on the store's loop.
    Promise<T> promise = ((ContextInternal) vertx.getOrCreateContext()).promise();
    State now = state;
    if (now == State.CLOSED || (now == State.CLOSING && !internal)) {
      metrics.rejected.increment();
      promise.fail(new StoreClosedException("store closed: write refused"));
      return promise.future();
    }
    if (!internal && metrics.queueDepth.incrementAndGet() > config.queueMax()) {
      metrics.queueDepth.decrementAndGet();
      metrics.rejected.increment();
      promise.fail(new StoreOverloadedException(config.queueMax()));
      return promise.future();
    }
    if (internal) {
      metrics.queueDepth.incrementAndGet();
    }
    queue.add(new Pending(item, (Promise<Object>) promise));
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

  private void pump() {
    if (running) {
      return;
    }
    if (state == State.CLOSED) {
      abandonAll("store closed");
      return;
    }
    if (!isolated.isEmpty()) {
      start(List.of(isolated.poll()), 0);
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
      start(take(), 0);
    } else if (lingerTimer < 0) {
      lingerTimer = vertx.setTimer(Math.max(1, config.batchLinger().toMillis()), id -> {
        lingerTimer = -1;
        lingerDue = true;
        pump();
      });
    }
  }

  /** The next batch: one operation alone, or consecutive rows up to batch_max. */
  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>();
    Pending first = queue.poll();
    batch.add(first);
    if (!(first.item() instanceof Op)) {
      Pending next;
      while (batch.size() < config.batchMax() && (next = queue.peek()) != null
          && !(next.item() instanceof Op)) {
        batch.add(queue.poll());
      }
    }
    metrics.queueDepth.addAndGet(-batch.size());
    return batch;
  }

  private void start(List<Pending> batch, int attempt) {
    running = true;
    lingerDue = false;
    long began = System.nanoTime();
    Future<List<Object>> work;
    String kind;
    if (batch.get(0).item() instanceof Op op) {
      kind = op.kind();
      work = pool.getConnection().compose(conn -> (op.transactional()
          ? Transactions.immediate(conn, op.body()) : op.body().apply(conn))
          .eventually(conn::close))
          .map(result -> java.util.Collections.singletonList(result));
    } else {
      kind = "store.commit";
      List<Object> items = new ArrayList<>(batch.size());
      for (Pending p : batch) {
        items.add(p.item());
      }
      work = commits.inTransaction(conn -> RowWriter.write(conn, items));
    }
    tasks.track(kind, batch.size() + " item(s), attempt " + (attempt + 1), work)
        .onComplete(result -> {
          if (result.succeeded()) {
            List<Object> values = result.result();
            if (kind.equals("store.commit")) {
              metrics.commit.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
              metrics.batchRows.record(batch.size());
              countCommitted(batch, values);
            }
            for (int i = 0; i < batch.size(); i++) {
              batch.get(i).promise().tryComplete(values.get(i));
            }
            finished();
          } else {
            failed(batch, attempt, result.cause());
          }
        });
  }

  /** Counted only now: until COMMIT returned, nothing of the batch was stored. */
  private void countCommitted(List<Pending> batch, List<Object> values) {
    for (int i = 0; i < batch.size(); i++) {
      Object item = batch.get(i).item();
      if (values.get(i) == AppendResult.DUPLICATE) {
        metrics.duplicates.increment();
      } else if (values.get(i) == AppendResult.STORED) {
        metrics.rows(item instanceof MessageRow ? "message"
            : item instanceof NoticeRow ? "notice" : "request").increment();
      }
    }
  }

  private void failed(List<Pending> batch, int attempt, Throwable cause) {
    if (SqliteErrors.isBusy(cause) && state != State.CLOSED) {
      metrics.busyRetries.increment();
      long delay = backoffMillis(attempt);
      busyLog.warn("busy", "store: database locked by another connection for longer than"
          + " busy_timeout ({} ms); {} item(s) kept, retry {} in {} ms: {}",
          config.busyTimeout().toMillis(), batch.size(), attempt + 1, delay, cause.getMessage());
      // 'running' stays true: nothing overtakes the batch, and the loop only holds a timer.
      vertx.setTimer(delay, id -> {
        if (state == State.CLOSED) {
          batch.forEach(p -> p.promise().tryFail(new StoreClosedException("store closed")));
          finished();
        } else {
          start(batch, attempt + 1);
        }
      });
      return;
    }
    if (batch.size() > 1) {
      // One bad row must not sink its neighbours: run each alone, in order, ahead of the queue.
      LOG.warn("store: a batch of {} failed ({}); committing its rows one by one", batch.size(),
          String.valueOf(cause));
      for (int i = batch.size() - 1; i >= 0; i--) {
        isolated.addFirst(batch.get(i));
      }
    } else {
      batch.get(0).promise().tryFail(cause);
    }
    finished();
  }

  private void finished() {
    running = false;
    // Whatever queued up during the transaction has already waited: commit it now.
    lingerDue = true;
    pump();
  }

  private long backoffMillis(int attempt) {
    long base = 10L << Math.min(attempt, 16);
    return Math.max(1, Math.min(base, config.retryBackoffMax().toMillis()));
  }

  private int abandonAll(String reason) {
    int lost = 0;
    List<Pending> all = new ArrayList<>(isolated);
    isolated.clear();
    for (Pending p; (p = queue.poll()) != null; ) {
      all.add(p);
      metrics.queueDepth.decrementAndGet();
    }
    for (Pending p : all) {
      if (p.promise().tryFail(new StoreClosedException("store: write " + reason))) {
        lost++;
      }
    }
    if (lost > 0) {
      LOG.error("store: {} queued write(s) failed: {}", lost, reason);
    }
    return lost;
  }
}
