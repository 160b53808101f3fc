package dev.perocore.social.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks waiting on the event loops, read from the loops themselves. */
class LoopBacklogTest {

  private final GuardedVertx gv = GuardedVertx.fast();

  @AfterEach
  void stop() {
    gv.close();
  }

  @Test
  void aLoopWithMoreTasksWaitingThanTheBoundIsBehindUntilItWorksThemOff() {
    LoopBacklog backlog = LoopBacklog.of(gv.vertx, 5);
    Context context = gv.vertx.getOrCreateContext();
    AtomicInteger ran = new AtomicInteger();
    // Inside a task of the loop nothing else of it can run: what it queues on itself waits, so
    // the count is the loop's own queue, not a race with it.
    boolean[] seen = OnContext.call(context, () -> {
      boolean idle = backlog.behind();
      for (int i = 0; i < 10; i++) {
        context.runOnContext(v -> ran.incrementAndGet());
      }
      return new boolean[] {idle, backlog.behind()};
    });
    assertFalse(seen[0], "nothing queued yet");
    assertTrue(seen[1], "ten tasks queued behind the running one, bound 5");
    // The ten ran (they were queued before this task), and the loop is through them.
    boolean after = OnContext.call(context, backlog::behind);
    assertEquals(10, ran.get());
    assertFalse(after);
  }

  @Test
  void anyQueueOverTheBoundCountsAndNeverIsNeverBehind() {
    assertFalse(LoopBacklog.of(List.of(() -> 3, () -> 4), 4).behind());
    assertTrue(LoopBacklog.of(List.of(() -> 3, () -> 5), 4).behind());
    assertFalse(LoopBacklog.never().behind());
    assertThrows(IllegalArgumentException.class, () -> LoopBacklog.of(List.of(), 0));
  }
}
