package dev.perocore.social.guard;

import static dev.perocore.social.testing.OnContext.await;
import static dev.perocore.social.testing.OnContext.call;
import static dev.perocore.social.testing.OnContext.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.LogCapture;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-message form of a task (issue 12): its detail is any object, made text only when a line
 * or the admin API names the task, and its deadline, expiry and completion are one object on the
 * loop's deadline queue, or a timer of its own off an event loop — with the same counts either way.
 */
class TimedTaskTest {

  private static final Duration LIMIT = Duration.ofMillis(60);

  private GuardedVertx gv;
  private Context context;
  private TaskSet tasks;
  private LogCapture log;

  /** A detail that counts how often it was made text. */
  private static final class Detail {
    final AtomicInteger texts = new AtomicInteger();

    @Override
    public String toString() {
      texts.incrementAndGet();
      return "10001:group:77";
    }
  }

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    context = gv.vertx.getOrCreateContext();
    tasks = call(context, () -> gv.guard.newTaskSet("timed-owner"));
    log = LogCapture.of(TaskSet.class);
  }

  @AfterEach
  void tearDown() {
    log.close();
    gv.close();
  }

  @Test
  void aDetailIsMadeTextOnlyWhenTheTaskIsNamed() {
    Detail detail = new Detail();
    Promise<String> work = Promise.promise();
    Future<String> outcome = call(context,
        () -> tasks.run("store.append", detail, LIMIT.multipliedBy(100), work::future));
    assertEquals(0, detail.texts.get(), "registering a task names nothing");

    TaskInfo info = tasks.inFlight().get(0);
    assertEquals("10001:group:77", info.detail());
    assertEquals("store.append", info.kind());

    int named = detail.texts.get();
    call(context, () -> work.tryComplete("stored"));
    assertEquals("stored", await(outcome));
    assertEquals(named, detail.texts.get(), "a success logs nothing, so names nothing");
    assertEquals(1, gv.guard.taskCount("store.append", TaskOutcome.SUCCESS));
    assertEquals(0, gv.gauge("social.tasks.in.flight", "kind", "store.append"));
    assertEquals(0, gv.counter("social.timeouts", "op", "store.append"));
  }

  @Test
  void offAnEventLoopTheDeadlineHasATimerOfItsOwnAndCountsTheSame() {
    Promise<String> late = Promise.promise();
    // A plain thread: no event loop to queue the deadline on.
    Future<String> timedOut = tasks.run("store.append", "1:private:2", LIMIT, late::future);
    Throwable failed = failure(timedOut);

    OperationTimeoutException timeout = assertInstanceOf(OperationTimeoutException.class, failed);
    assertEquals("store.append", timeout.operation());
    assertEquals(1, gv.counter("social.timeouts", "op", "store.append"));
    assertEquals(1, gv.guard.taskCount("store.append", TaskOutcome.TIMEOUT));
    assertTrue(tasks.inFlight().get(0).timedOut(), "still tracked after its deadline");
    assertTrue(log.contains("store.append", "[1:private:2] timed out after 60 ms"),
        log.lines().toString());

    late.complete("late");
    await(Poll.untilTrue(gv.vertx, "the late task leaves the set", () -> tasks.size() == 0));
    assertEquals(0, gv.guard.taskCount("store.append", TaskOutcome.SUCCESS),
        "counted once, as a timeout");

    Promise<String> prompt = Promise.promise();
    Future<String> inTime = tasks.run("store.append", "1:private:3", LIMIT.multipliedBy(100),
        prompt::future);
    prompt.complete("in time");
    assertEquals("in time", await(inTime));
    assertEquals(1, gv.guard.taskCount("store.append", TaskOutcome.SUCCESS));
    assertEquals(1, gv.counter("social.timeouts", "op", "store.append"), "no second expiry");
  }

  @Test
  void onTheLoopAnExpiryIsCountedOnceAndTheCallerHearsItAfterTheTaskIsMarked() {
    Promise<String> never = Promise.promise();
    AtomicInteger markedFirst = new AtomicInteger();
    Throwable failed = failure(call(context, () -> tasks.run("brain.request", "1:group:9", LIMIT,
        never::future).onFailure(cause -> {
          if (tasks.inFlight().get(0).timedOut()
              && gv.counter("social.timeouts", "op", "brain.request") == 1) {
            markedFirst.incrementAndGet();
          }
        })));

    assertInstanceOf(OperationTimeoutException.class, failed);
    assertEquals(1, markedFirst.get(), "counted and marked before the caller heard it");
    assertEquals(1, gv.guard.taskCount("brain.request", TaskOutcome.TIMEOUT));
    call(context, () -> never.tryComplete("after all"));
    await(Poll.untilTrue(gv.vertx, "the task ends after all", () -> tasks.size() == 0));
    assertEquals(1, gv.counter("social.timeouts", "op", "brain.request"));
  }

  @Test
  void aDrainNamesWhatItAbandonsOldestFirst() {
    Promise<Void> never = Promise.promise();
    call(context, () -> {
      for (int i = 1; i <= 5; i++) {
        tasks.track("store.append", "1:group:" + i, never.future());
      }
      return null;
    });
    assertEquals(5, await(call(context, () -> tasks.drain(Duration.ofMillis(20)))));

    java.util.List<String> abandoned = log.lines().stream()
        .filter(line -> line.contains("abandoned task store.append")).toList();
    assertEquals(5, abandoned.size(), abandoned.toString());
    for (int i = 1; i <= 5; i++) {
      assertTrue(abandoned.get(i - 1).contains("[1:group:" + i + "]"), abandoned.toString());
    }
  }

  /**
   * Thousands abandoned at once (a drain during a long lock): the oldest named, the rest counted.
   */
  @Test
  void aDrainNamesTheOldestOfEachKindAndCountsTheRest() {
    Promise<Void> never = Promise.promise();
    call(context, () -> {
      for (int i = 1; i <= 1_000; i++) {
        tasks.track("store.append", "1:group:" + i, never.future());
      }
      tasks.track("brain.request", "1:group:7", never.future());
      return null;
    });
    assertEquals(1_001, await(call(context, () -> tasks.drain(Duration.ofMillis(20)))));

    java.util.List<String> named = log.lines().stream()
        .filter(line -> line.contains("abandoned task store.append")).toList();
    assertEquals(TaskSet.NAMED_ABANDONED, named.size(), named.toString());
    assertTrue(named.get(0).contains("[1:group:1]"), named.toString());
    assertTrue(log.lines().stream().anyMatch(line -> line.contains(
        "abandoned 980 more task(s) store.append (the oldest 20 named above)")),
        log.lines().toString());
    assertTrue(log.contains("abandoned task brain.request", "1:group:7"), log.lines().toString());
    assertEquals(1_000, gv.guard.taskCount("store.append", TaskOutcome.ABANDONED));
  }
}
