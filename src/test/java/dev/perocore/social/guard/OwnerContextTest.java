package dev.perocore.social.guard;

import static dev.perocore.social.testing.OnContext.await;
import static dev.perocore.social.testing.OnContext.call;
import static dev.perocore.social.testing.OnContext.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.perocore.social.testing.GuardedVertx;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OwnerContextTest {

  private GuardedVertx gv;
  private Context owner;
  private Context caller;

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    owner = gv.vertx.getOrCreateContext();
    caller = gv.vertx.getOrCreateContext();
    assertNotSame(owner, caller);
  }

  @AfterEach
  void tearDown() {
    gv.close();
  }

  @Test
  void runsOnTheOwnerAndAnswersOnTheCaller() {
    AtomicReference<Context> ranOn = new AtomicReference<>();
    AtomicReference<Context> answeredOn = new AtomicReference<>();
    Promise<String> done = Promise.promise();
    caller.runOnContext(v -> OwnerContext.call(owner, () -> {
          ranOn.set(Vertx.currentContext());
          return Future.succeededFuture("ok");
        })
        .onComplete(result -> {
          answeredOn.set(Vertx.currentContext());
          done.handle(result);
        }));
    assertEquals("ok", await(done.future()));
    assertSame(owner, ranOn.get());
    assertSame(caller, answeredOn.get());
  }

  @Test
  void startsOnALaterTurnEvenWhenCalledOnTheOwner() {
    AtomicBoolean ranInline = new AtomicBoolean();
    Future<String> answer = call(owner, () -> {
      AtomicBoolean running = new AtomicBoolean(true);
      Future<String> f = OwnerContext.call(owner, () -> {
        ranInline.set(running.get());
        return Future.succeededFuture("later");
      });
      running.set(false);
      return f;
    });
    assertEquals("later", await(answer));
    assertFalse(ranInline.get(), "the work waits for the owner's current turn to end");
  }

  @Test
  void aPlainThreadGetsTheWorksFailureOrItsThrow() {
    Throwable failed = failure(OwnerContext.call(owner,
        () -> Future.failedFuture(new IllegalStateException("boom"))));
    assertEquals("boom", failed.getMessage());
    Throwable thrown = failure(OwnerContext.<String>call(owner, () -> {
      throw new IllegalArgumentException("thrown");
    }));
    assertEquals("thrown", thrown.getMessage());
  }
}
