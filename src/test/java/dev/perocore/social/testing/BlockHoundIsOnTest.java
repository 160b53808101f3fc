package dev.perocore.social.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the suite's guard is armed: a sleep on an event loop is caught and recorded. */
@ExtendWith(VertxExtension.class)
class BlockHoundIsOnTest {

  @Test
  void sleepOnAnEventLoopIsCaught(Vertx vertx, VertxTestContext test) {
    vertx.runOnContext(v -> {
      boolean caught = false;
      try {
        Thread.sleep(1);
      } catch (Error expected) {
        caught = expected.getClass().getSimpleName().equals("BlockingOperationError");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      boolean wasCaught = caught;
      test.verify(() -> {
        assertTrue(wasCaught, "BlockHound did not flag Thread.sleep on an event loop");
        List<String> recorded = BlockingViolations.takeAll();
        assertFalse(recorded.isEmpty(), "the violation was not recorded");
        assertTrue(recorded.get(0).contains("Thread.sleep"), recorded.get(0));
      });
      test.completeNow();
    });
  }

  @Test
  void sleepOnAWorkerIsAllowed(Vertx vertx, VertxTestContext test) {
    vertx.executeBlocking(() -> {
      Thread.sleep(1);
      return "slept";
    }).onComplete(test.succeeding(v -> test.completeNow()));
  }
}
