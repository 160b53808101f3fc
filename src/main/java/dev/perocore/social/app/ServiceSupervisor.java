package dev.perocore.social.app;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.ops.HealthCheck;
import dev.perocore.social.ops.Readiness;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root verticle: deploys the components one after another, in order, and on shutdown first
 * stops reading the bots' sockets ({@code stopReading}), then undeploys the components in reverse,
 * one after another, each draining its tasks. Stopping the reading first is what lets every frame
 * already read reach the sessions and the store before anything downstream stops listening.
 *
 * <p>Vert.x undeploys a parent's children all at once before the parent's own stop, so the ordered
 * shutdown runs instead from a Vert.x close hook, which {@code Vertx.close()} runs before it
 * undeploys anything. The service server is last in the list: it is the first to stop accepting.
 */
final class ServiceSupervisor extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceSupervisor.class);

  private final List<Component> components;
  private final Guard guard;
  private final Readiness readiness;
  private final Duration drainBudget;
  private final Supplier<Future<Void>> stopReading;
  private final Deque<Deployed> deployed = new ArrayDeque<>();
  private volatile boolean allDeployed;
  private volatile boolean stopping;
  private volatile boolean startFailed;

  ServiceSupervisor(List<Component> components, Guard guard, Readiness readiness,
      Duration drainBudget, Supplier<Future<Void>> stopReading) {
    this.components = List.copyOf(components);
    this.stopReading = stopReading;
    this.guard = guard;
    this.readiness = readiness;
    this.drainBudget = drainBudget;
  }

  @Override
  public Future<?> start() {
    readiness.require("deployment", this::deploymentCheck);
    VertxInternals.addCloseHook(vertx, this::stopInOrder);
    Future<Void> chain = Future.succeededFuture();
    for (Component component : components) {
      chain = chain.compose(v -> deploy(component));
    }
    // A failed start is explained once, by SocialApplication (StartupFailure); Vert.x has already
    // undeployed what did start, so the close hook has nothing left to stop.
    return chain.onFailure(cause -> startFailed = true).onSuccess(v -> {
      allDeployed = true;
      long sinceJvmStart =
          System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      LOG.info("ready: {} components deployed, {} ms after JVM start", deployed.size(), sinceJvmStart);
    });
  }

  private Future<Void> deploy(Component component) {
    return vertx.deployVerticle(component.factory(), component.options())
        .onSuccess(id -> deployed.push(new Deployed(component.name(), id)))
        .recover(cause -> Future.failedFuture(new ComponentStartException(component.name(), cause)))
        .mapEmpty();
  }

  private HealthCheck deploymentCheck() {
    if (stopping) {
      return HealthCheck.down("shutting down");
    }
    return allDeployed
        ? HealthCheck.up(components.size() + " components deployed")
        : HealthCheck.down("starting");
  }

  /** Runs when Vert.x closes (on SIGTERM): undeploys in reverse order, each in turn. */
  private void stopInOrder(Completable<Void> done) {
    context.runOnContext(v -> {
      if (startFailed) {
        done.succeed();
        return;
      }
      stopping = true;
      guard.beginShutdown(drainBudget);
      LOG.info("shutting down: stopping {} components in reverse order, drain budget {} ms",
          deployed.size(), drainBudget.toMillis());
      guard.timeouts().within("shutdown.stop_reading", drainBudget, stopReading::get)
          .onFailure(cause -> LOG.error("shutting down: could not stop reading the bots' sockets"
              + " ({}); stopping anyway", cause.toString()))
          .eventually(() -> undeployNext())
          .onComplete(ar -> done.succeed());
    });
  }

  private Future<Void> undeployNext() {
    Deployed next = deployed.poll();
    if (next == null) {
      return Future.succeededFuture();
    }
    long started = System.nanoTime();
    return vertx.undeploy(next.id())
        .onSuccess(v -> LOG.info("stopped {} in {} ms", next.name(),
            Duration.ofNanos(System.nanoTime() - started).toMillis()))
        .onFailure(cause -> LOG.error("stopping {} failed: {}", next.name(), cause.toString()))
        .recover(cause -> Future.succeededFuture())
        .compose(v -> undeployNext());
  }

  private record Deployed(String name, String id) {}
}
