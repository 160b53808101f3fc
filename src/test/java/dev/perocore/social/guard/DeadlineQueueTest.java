package dev.perocore.social.guard;

import static dev.perocore.social.testing.OnContext.await;
import static dev.perocore.social.testing.OnContext.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deadlines armed on an event loop share one queue per length (one scheduled check instead of a
 * timer per deadline): each still fires at its own time, never before it, once, counted; a
 * deadline whose work ended first never fires and leaves the queue at once.
 */
class DeadlineQueueTest {

  private static final Duration LIMIT = Duration.ofMillis(80);

  private GuardedVertx gv;
  private Context context;
  private Timeouts timeouts;

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    context = gv.vertx.getOrCreateContext();
    timeouts = gv.guard.timeouts();
  }

  @AfterEach
  void tearDown() {
    gv.close();
  }

  @Test
  void everyUnfinishedDeadlineFiresOnceNotEarlyAndFinishedOnesNever() {
    int n = 200;
    List<Promise<Integer>> works = new ArrayList<>();
    List<Future<Integer>> bounded = new ArrayList<>();
    List<Long> armedAt = new ArrayList<>();
    call(context, () -> {
      for (int i = 0; i < n; i++) {
        Promise<Integer> work = Promise.promise();
        works.add(work);
        armedAt.add(System.nanoTime());
        bounded.add(timeouts.within("sweep", LIMIT, work.future()));
      }
      // Every even one ends in time; the odd ones are left to their deadline.
      for (int i = 0; i < n; i += 2) {
        works.get(i).complete(i);
      }
      return null;
    });
    List<Long> endedAt = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Future<Integer> f = bounded.get(i);
      await(Poll.untilTrue(gv.vertx, "deadline " + i, f::isComplete));
      endedAt.add(System.nanoTime());
      if (i % 2 == 0) {
        assertEquals(i, await(f));
      } else {
        assertInstanceOf(OperationTimeoutException.class, f.cause());
      }
    }
    long firstTimeout = endedAt.get(1) - armedAt.get(1);
    assertTrue(firstTimeout >= LIMIT.toNanos(), "fired after " + firstTimeout + " ns");
    assertEquals(n / 2, gv.counter("social.timeouts", "op", "sweep"));
    // A late outcome does not undo an expiry, nor count it twice.
    call(context, () -> works.get(1).tryComplete(1));
    assertInstanceOf(OperationTimeoutException.class, bounded.get(1).cause());
    assertEquals(n / 2, gv.counter("social.timeouts", "op", "sweep"));
    await(Poll.untilTrue(gv.vertx, "an empty queue", () -> armed() == 0));
  }

  @Test
  void aDeadlineSettledInTimeLeavesTheQueueAtOnce() {
    int left = call(context, () -> {
      for (int i = 0; i < 1000; i++) {
        Promise<Integer> work = Promise.promise();
        Future<Integer> f = timeouts.within("quick", Duration.ofSeconds(30), work.future());
        work.complete(i);
        if (!f.isComplete()) {
          throw new AssertionError("outcome " + i + " not passed on");
        }
      }
      return armedHere();
    });
    // Nothing waits for 30 s holding a thousand finished deadlines.
    assertEquals(0, left);
  }

  @Test
  void aDeadlineArmedAfterAnExpiryStillGetsItsCheck() {
    // Armed from inside the expiry of the first: the one check chain must serve it too.
    Promise<Future<Integer>> second = Promise.promise();
    Future<Integer> first = call(context, () -> timeouts.within("chain", LIMIT,
        Promise.<Integer>promise().future()).onFailure(e -> second.complete(
            timeouts.within("chain", LIMIT, Promise.<Integer>promise().future()))));
    await(Poll.untilTrue(gv.vertx, "the first expiry", first::isComplete));
    await(Poll.untilTrue(gv.vertx, "the second expiry",
        () -> second.future().isComplete() && second.future().result().isComplete()));
    assertInstanceOf(OperationTimeoutException.class, second.future().result().cause());
    assertEquals(2, gv.counter("social.timeouts", "op", "chain"));
  }

  /** Deadlines still held in this context's queues (on the context). */
  private int armed() {
    return call(context, this::armedHere);
  }

  private int armedHere() {
    Map<Long, DeadlineQueue> queues = ((ContextInternal) context).get(timeouts);
    return queues == null ? 0 : queues.values().stream().mapToInt(DeadlineQueue::size).sum();
  }
}
