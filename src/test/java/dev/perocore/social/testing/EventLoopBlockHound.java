package dev.perocore.social.testing;

import dev.perocore.social.guard.ClassWarmup;
import io.vertx.core.impl.VertxThread;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Makes BlockHound treat every Vert.x event-loop thread as non-blocking, for the whole test suite
 * (installed by blockhound-junit-platform). A blocking call there is recorded in {@link
 * BlockingViolations} — so the test fails even when Vert.x swallows the error — and thrown.
 */
public final class EventLoopBlockHound implements BlockHoundIntegration {

  @Override
  public void applyTo(BlockHound.Builder builder) {
    // As the service does at start-up: one-time JDK/Netty initialisations off the event loops.
    ClassWarmup.run();
    builder
        .nonBlockingThreadPredicate(current -> current.or(EventLoopBlockHound::isEventLoop))
        // Vert.x closes its worker pools with a bounded awaitTermination while shutting down.
        .allowBlockingCallsInside("io.vertx.core.internal.WorkerPool", "close")
        // Logging goes through an AsyncAppender whose queue lock can be briefly contended.
        .allowBlockingCallsInside("ch.qos.logback.core.AsyncAppenderBase", "put")
        // Handing a task to a worker pool (executeBlocking, every JDBC call) offers it to the
        // pool's queue under a lock held for nanoseconds; contended, it parks the caller briefly.
        .allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "execute")
        // A clustered request names its reply address with UUID.randomUUID(), whose SecureRandom
        // refills a small buffer from /dev/urandom: a read that never waits once the kernel's pool
        // is initialised (issue 17, brain nodes).
        .allowBlockingCallsInside(
            "io.vertx.core.eventbus.impl.clustered.ClusteredEventBus", "generateReplyAddress")
        .blockingMethodCallback(
            method -> {
              BlockingOperationError error = new BlockingOperationError(method);
              BlockingViolations.record(Thread.currentThread(), error);
              throw error;
            });
  }

  @Override
  public int compareTo(BlockHoundIntegration other) {
    // Apply last, so our callback is the one in force.
    return 1;
  }

  static boolean isEventLoop(Thread thread) {
    if (thread instanceof VertxThread vertxThread) {
      return !vertxThread.isWorker();
    }
    return thread.getName().startsWith("vert.x-eventloop-thread");
  }
}
