package dev.perocore.social.app;

import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start an orderly stop: Vert.x is closed (which runs the supervisor's ordered
 * undeploy and every drain), logs are flushed, and the process exits 0 — or 1 if the stop itself
 * failed or overran. The JVM's default would exit 143 after running hooks with no order.
 */
final class ShutdownSignals {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {}

  static void install(Vertx vertx, Duration limit) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        // Not on the signal thread: closing waits, and the signal thread must stay free.
        Thread stopper = new Thread(() -> stop(vertx, "SIG" + name, limit), "social-shutdown");
        stopper.setDaemon(false);
        stopper.start();
      });
    }
  }

  /** Stops the service as a signal would (also the demo's {@code --for}); exits the JVM. */
  static void stop(Vertx vertx, String signal, Duration limit) {
    LOG.info("{} received: stopping (limit {} ms)", signal, limit.toMillis());
    int status = 0;
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("stopped cleanly");
    } catch (Exception e) {
      LOG.error("stop did not complete cleanly: {}", e.toString());
      status = 1;
    } finally {
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
        logback.stop();
      }
    }
    System.exit(status);
  }
}
