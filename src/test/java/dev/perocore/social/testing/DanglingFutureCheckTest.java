package dev.perocore.social.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The build's dangling-future rule: no call in src/main may drop a Vert.x Future it was handed.
 * Fails `mvn verify` with the file and line of each one.
 */
class DanglingFutureCheckTest {

  @Test
  void noProductionCodeDropsAFuture() {
    List<DanglingFutures.Finding> findings = DanglingFutures.scan(Path.of("target", "classes"));
    assertTrue(findings.isEmpty(), "dangling futures (handle them, or hand them to a TaskSet):\n"
        + findings.stream().map(Object::toString).collect(Collectors.joining("\n")));
  }

  @Test
  void theCheckSeesADroppedFutureAndAcceptsObservedOnes() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("DanglingFutureCheckTest$Examples.class")) {
      List<DanglingFutures.Finding> findings = DanglingFutures.scan(in);
      assertEquals(1, findings.size(), findings.toString());
      assertTrue(findings.get(0).call().equals("DanglingFutureCheckTest$Examples.work()"),
          findings.get(0).toString());
    }
  }

  /** Compiled with the tests: one dangling future, and the shapes that are fine. */
  @SuppressWarnings("unused")
  static final class Examples {
    Future<String> work() {
      return Promise.<String>promise().future();
    }

    void dangling() {
      work();
    }

    void observed() {
      work().onFailure(Throwable::printStackTrace);
      Future<String> kept = work();
      kept.onComplete(ar -> {});
    }
  }
}
