package dev.perocore.social.app;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.ops.HealthCheck;
import dev.perocore.social.ops.Readiness;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
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
 *
 * <p>A stop during start-up ends the start-up: the deployment in progress finishes, no further
 * component is deployed, and what did deploy stops in reverse like any stop.
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
  /** The component being undeployed now, for the line of a stop that overran ("" otherwise). */
  private volatile String undeploying = "";
  private volatile boolean startFailed;
  /** A stop asked for before this verticle's close hook could run (the signal comes first). */
  private BooleanSupplier stopRequested = () -> false;
  /** Test hook: the component after which start-up waits for a stop (StopDuringStartupIT). */
  private Optional<String> holdAfter = Optional.empty();
  /** Completes when the start-up chain has ended: all deployed, failed, or cut short by a stop. */
  private Future<Void> started = Future.succeededFuture();
  private final Promise<Void> released = Promise.promise();

  ServiceSupervisor(List<Component> components, Guard guard, Readiness readiness,
      Duration drainBudget, Supplier<Future<Void>> stopReading) {
    this.components = List.copyOf(components);
    this.stopReading = stopReading;
    this.guard = guard;
    this.readiness = readiness;
    this.drainBudget = drainBudget;
  }

  /** The process's stop switch: once it is thrown, no further component is deployed. */
  ServiceSupervisor whenStopRequested(BooleanSupplier stopRequested) {
    this.stopRequested = stopRequested;
    return this;
  }

  /** Test hook: after deploying {@code component}, start-up waits until a stop arrives. */
  ServiceSupervisor holdAfter(Optional<String> component) {
    this.holdAfter = component;
    return this;
  }

  @Override
  public Future<?> start() {
    readiness.require("deployment", this::deploymentCheck);
    VertxInternals.addCloseHook(vertx, this::stopInOrder);
    Future<Void> chain = Future.succeededFuture();
    for (Component component : components) {
      chain = chain.compose(v -> cutShort() ? Future.succeededFuture() : deploy(component));
    }
    // A failed start is explained once, by SocialApplication (StartupFailure); Vert.x has already
    // undeployed what did start, so the close hook has nothing left to stop. A start cut short by
    // a stop is no failure: the close hook stops what did deploy, in order, like any stop.
    started = chain.recover(cause ->
        cutShort() ? Future.succeededFuture() : Future.failedFuture(cause));
    return started.onFailure(cause -> startFailed = true).onSuccess(v -> {
      if (cutShort()) {
        return;
      }
      allDeployed = true;
      long sinceJvmStart =
          System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      LOG.info("ready: {} components deployed, {} ms after JVM start", deployed.size(), sinceJvmStart);
    });
  }

  private boolean cutShort() {
    return stopping || stopRequested.getAsBoolean();
  }

  private Future<Void> deploy(Component component) {
    return vertx.deployVerticle(component.factory(), component.options())
        .onSuccess(id -> deployed.push(new Deployed(component.name(), id)))
        .recover(cause -> Future.failedFuture(new ComponentStartException(component.name(), cause)))
        .compose(id -> holdAfter.filter(component.name()::equals).isPresent() ? hold(component)
            : Future.<Void>succeededFuture());
  }

  private Future<Void> hold(Component component) {
    LOG.info("start-up held after {} (test hook social.test.hold_startup_after): waiting for a stop",
        component.name());
    return released.future();
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
      released.tryComplete();
      guard.beginShutdown(drainBudget);
      // The deployment in progress ends first (the next is not started): then the stop sees
      // exactly what runs.
      started.eventually(() -> stopDeployed()).onComplete(ar -> done.succeed());
    });
  }

  private Future<Void> stopDeployed() {
    if (startFailed) {
      return Future.succeededFuture();
    }
    if (!allDeployed) {
      LOG.info("stopped during start-up: {} of {} components were deployed, the rest are not"
          + " started", deployed.size(), components.size());
    }
    LOG.info("shutting down: stopping {} components in reverse order, drain budget {} ms",
        deployed.size(), drainBudget.toMillis());
    return guard.timeouts().within("shutdown.stop_reading", drainBudget, stopReading::get)
        .onFailure(cause -> LOG.error("shutting down: could not stop reading the bots' sockets"
            + " ({}); stopping anyway", cause.toString()))
        .eventually(() -> undeployNext());
  }

  private Future<Void> undeployNext() {
    Deployed next = deployed.poll();
    if (next == null) {
      undeploying = "";
      return Future.succeededFuture();
    }
    long started = System.nanoTime();
    undeploying = next.name();
    return vertx.undeploy(next.id())
        .onSuccess(v -> LOG.info("stopped {} in {} ms", next.name(),
            Duration.ofNanos(System.nanoTime() - started).toMillis()))
        .onFailure(cause -> LOG.error("stopping {} failed: {}", next.name(), cause.toString()))
        .recover(cause -> Future.succeededFuture())
        .compose(v -> undeployNext());
  }

  /** The component being stopped now, or "" (read from the signal's stopper thread). */
  String undeploying() {
    return undeploying;
  }

  private record Deployed(String name, String id) {}
}
