package dev.perocore.social.app;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perocore.social.ops.Readiness;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stop that overruns its limit names the component it was still stopping (an audit's SIGTERM
 * during a long database lock ended in "stop did not complete cleanly: TimeoutException", which
 * said nothing of what hung). The supervisor says which one it is undeploying, in reverse order.
 */
class ServiceSupervisorStopTest {

  /** Stops only when the test lets it. */
  private static final class Stuck extends VerticleBase {
    private final Promise<Void> stopped = Promise.promise();

    @Override
    public Future<?> stop() {
      return stopped.future();
    }

    /** Lets the stop end, on the verticle's own context. */
    void release() {
      context.runOnContext(v -> stopped.complete());
    }
  }

  @Test
  void theComponentStillStoppingIsKnownUntilItStops() {
    GuardedVertx gv = GuardedVertx.fast();
    Stuck stuck = new Stuck();
    ServiceSupervisor supervisor = new ServiceSupervisor(List.of(
        Component.single("store", () -> stuck),
        Component.single("service-server", () -> new VerticleBase() { })),
        gv.guard, new Readiness(), Duration.ofMillis(200), Future::succeededFuture);
    await(gv.vertx.deployVerticle(supervisor));
    assertEquals("", supervisor.undeploying());

    // Polled from a Vert.x of its own: the one under test is closing.
    Vertx poller = Vertx.vertx();
    try {
      Future<Void> closed = gv.vertx.close();
      await(Poll.untilTrue(poller, "the store is the one stopping",
          () -> supervisor.undeploying().equals("store")));
      stuck.release();
      await(closed);
      assertEquals("", supervisor.undeploying());
    } finally {
      await(poller.close());
    }
  }
}
