package dev.perocore.social.guard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;

/**
 * Base of every verticle of ours: it owns a {@link TaskSet} created on its own context, and on
 * undeploy it first stops its own intake ({@link #stopIntake()}), then drains its tasks within
 * {@code drainTimeout} (or what is left of the shutdown budget, if less), then releases resources ({@link #release()}).
 */
public abstract class GuardedVerticle extends VerticleBase {

  protected final Guard guard;
  private final Duration drainTimeout;
  protected TaskSet tasks;

  protected GuardedVerticle(Guard guard, Duration drainTimeout) {
    this.guard = guard;
    this.drainTimeout = drainTimeout;
  }

  @Override
  public final Future<?> start() {
    tasks = guard.newTaskSet(name());
    return begin();
  }

  @Override
  public final Future<?> stop() {
    return stopIntake()
        .recover(cause -> Future.succeededFuture())
        .compose(v -> tasks.drain(guard.drainTime(drainTimeout)))
        .compose(abandoned -> release());
  }

  /** A short, stable name for logs and the admin API, e.g. {@code management-server}. */
  public abstract String name();

  /** Starts the verticle; runs on its context with {@link #tasks} ready. */
  protected abstract Future<?> begin();

  /** Stops taking new work (close servers, unregister consumers); in flight work continues. */
  protected Future<?> stopIntake() {
    return Future.succeededFuture();
  }

  /** Releases resources once the tasks are drained or abandoned. */
  protected Future<?> release() {
    return Future.succeededFuture();
  }

  /** The tasks in flight, for the admin API. */
  public TaskSet taskSet() {
    return tasks;
  }
}
