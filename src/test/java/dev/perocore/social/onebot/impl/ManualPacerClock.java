package dev.perocore.social.onebot.impl;

import dev.perocore.social.testing.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link PacerClock} whose time moves only when the test says: {@link #advance} moves it and
 * runs the wake-ups that became due, in due order, each on the context that set it (the pacer is
 * confined to the gateway's context), and returns once they ran. Whether a send waits then
 * depends on the time the test passed, never on how fast or loaded the machine is.
 */
public final class ManualPacerClock implements PacerClock {

  private final AtomicLong now = new AtomicLong(Duration.ofHours(1).toNanos());
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, WakeUp> wakeUps = new ConcurrentHashMap<>();

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public long setTimer(long delayMs, Runnable action) {
    long id = ids.incrementAndGet();
    wakeUps.put(id, new WakeUp(id, now.get() + Duration.ofMillis(delayMs).toNanos(),
        Vertx.currentContext(), action));
    return id;
  }

  @Override
  public void cancelTimer(long id) {
    wakeUps.remove(id);
  }

  /** Moves time forward by {@code by}; call from the test thread, never from an event loop. */
  public void advance(Duration by) {
    now.addAndGet(by.toNanos());
    for (Optional<WakeUp> due = nextDue(); due.isPresent(); due = nextDue()) {
      WakeUp wakeUp = due.get();
      if (wakeUps.remove(wakeUp.id, wakeUp)) {
        if (wakeUp.context == null) {
          wakeUp.action.run();
        } else {
          OnContext.call(wakeUp.context, () -> {
            wakeUp.action.run();
            return null;
          });
        }
      }
    }
  }

  private Optional<WakeUp> nextDue() {
    long t = now.get();
    return wakeUps.values().stream().filter(w -> w.at - t <= 0)
        .min(Comparator.comparingLong((WakeUp w) -> w.at).thenComparingLong(w -> w.id));
  }

  private record WakeUp(long id, long at, Context context, Runnable action) {}
}
