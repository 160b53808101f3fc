package dev.perocore.social.app;

import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start an orderly stop: Vert.x is closed (which runs the supervisor's ordered
 * undeploy and every drain), logs are flushed, and the process exits 0 — or 1 if the stop itself
 * failed or overran. The JVM's default would exit 143 after running hooks with no order.
 *
 * <p>Installed before Vert.x starts, so a stop during start-up is a stop too: before Vert.x exists
 * there is nothing to undeploy and the process exits 0 at once; after, the start-up is cut short
 * (the supervisor deploys nothing further) and what did start stops in order. Only the first stop
 * acts: a second signal while stopping is said once more and changes nothing.
 */
final class ShutdownSignals {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  /**
   * From the first line of main until {@link #install} replaces it: a stop while the config is
   * read and checked (JVM start-up and config take about a second) is a stop before anything was
   * deployed, said and exit 0, not the JVM's silent 143.
   */
  static void installEarly() {
    install(new StopSwitch(), () -> null, Duration.ZERO, () -> "");
  }

  /**
   * {@code vertx} is null until Vert.x has started; {@code stillStopping} names the component a
   * stop that overran its limit was still stopping ("" for none known).
   */
  static void install(StopSwitch stop, Supplier<Vertx> vertx, Duration limit,
      Supplier<String> stillStopping) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name),
          signal -> request(stop, vertx, "SIG" + name, limit, stillStopping));
    }
  }

  /** Stops the service as a signal would (also the demo's {@code --for}); exits the JVM. */
  static void request(StopSwitch stop, Supplier<Vertx> vertx, String reason, Duration limit) {
    request(stop, vertx, reason, limit, () -> "");
  }

  private static void request(StopSwitch stop, Supplier<Vertx> vertx, String reason,
      Duration limit, Supplier<String> stillStopping) {
    if (!stop.requestStop()) {
      if (stop.phase() == StopSwitch.Phase.STOPPING) {
        LOG.info("{} received while already stopping: the stop under way continues", reason);
      }
      return; // a failed start is exiting with its own status
    }
    // Not on the signal thread: closing waits, and the signal thread must stay free.
    Thread stopper = new Thread(() -> stop(vertx.get(), reason, limit, stillStopping),
        "social-shutdown");
    stopper.setDaemon(false);
    stopper.start();
  }

  private static void stop(Vertx vertx, String reason, Duration limit,
      Supplier<String> stillStopping) {
    int status = 0;
    if (vertx == null) {
      // Vert.x (or its cluster join) is still starting: nothing of ours runs yet.
      LOG.info("{} received: stopped during start-up, before anything was deployed", reason);
      exit(status);
      return;
    }
    LOG.info("{} received: stopping (limit {} ms)", reason, limit.toMillis());
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("stopped cleanly");
    } catch (java.util.concurrent.TimeoutException e) {
      String what = stillStopping.get();
      LOG.error("stop did not complete within {} ms (shutdown.drain_timeout + 5 s){}; exiting"
          + " with what is not done (its lines above say what it held)", limit.toMillis(),
          what.isEmpty() ? "" : ": " + what + " was still stopping");
      status = 1;
    } catch (Exception e) {
      LOG.error("stop did not complete cleanly: {}", e.toString());
      status = 1;
    }
    exit(status);
  }

  private static void exit(int status) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
    System.exit(status);
  }
}
