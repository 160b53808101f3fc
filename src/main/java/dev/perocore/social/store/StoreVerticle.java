package dev.perocore.social.store;

import dev.perocore.social.guard.Backpressure;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.store.impl.SqliteStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Optional;

/**
 * Owns the {@link Store}: opens it (folder, pools, migrations) on start, and on undeploy stops
 * taking writes, commits everything queued, checkpoints and closes. Other verticles get the
 * store from {@link #store()} once deployed, or wait on {@link #opened()}.
 */
public final class StoreVerticle extends GuardedVerticle {

  private final StoreConfig config;
  private final Duration drainTimeout;
  private final Promise<Store> opened = Promise.promise();
  private final Backpressure pressure;
  private volatile SqliteStore store;

  public StoreVerticle(Guard guard, StoreConfig config, Duration drainTimeout) {
    super(guard, drainTimeout);
    this.config = config;
    this.drainTimeout = drainTimeout;
    this.pressure = new Backpressure(config.queueHighWater(), config.queueLowWater());
  }

  /**
   * The write queue's high/low-water signal ({@code store.queue_high_water}/{@code
   * queue_low_water}), for whoever feeds the store from sockets; exists before the store opens.
   */
  public Backpressure pressure() {
    return pressure;
  }

  @Override
  public String name() {
    return "store";
  }

  @Override
  protected Future<?> begin() {
    return SqliteStore.open(guard, tasks, config, pressure)
        .andThen(ar -> {
          if (ar.succeeded()) {
            store = ar.result();
            opened.tryComplete(store);
          } else {
            opened.tryFail(ar.cause());
          }
        });
  }

  /** The open store; throws if the verticle has not started. */
  public Store store() {
    SqliteStore current = store;
    if (current == null) {
      throw new IllegalStateException("store not open");
    }
    return current;
  }

  /** Completes when the store is open (fails with the one-line reason if it cannot open). */
  public Future<Store> opened() {
    return opened.future();
  }

  /** Readiness: open and its writes committing. */
  public boolean isReady() {
    return unready().isEmpty();
  }

  /**
   * Why the store is not ready, for {@code /health/ready}: not open, or its latest write
   * transaction failed (locked by someone else, full, an I/O error; the writes are kept and
   * retried). Empty when ready.
   */
  public Optional<String> unready() {
    SqliteStore current = store;
    if (current == null || !current.isOpen()) {
      return Optional.of("not open");
    }
    return Optional.ofNullable(current.status().commitFailure());
  }

  @Override
  protected Future<?> stopIntake() {
    SqliteStore current = store;
    // Commit what is queued before the task drain: those writes were promised to callers.
    return current == null ? Future.succeededFuture()
        : current.closeIntake(guard.drainTime(drainTimeout));
  }

  @Override
  protected Future<?> release() {
    SqliteStore current = store;
    return current == null ? Future.succeededFuture() : current.close();
  }
}
