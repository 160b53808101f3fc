package dev.perocore.social.store;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * "Another process" holding the database's write lock: a plain JDBC connection on its own
 * (non-Vert.x) thread that begins a write transaction and keeps it until {@link #release}.
 */
final class OutsideLock {

  private final CountDownLatch released = new CountDownLatch(1);
  private final Thread holder;

  private OutsideLock(Thread holder) {
    this.holder = holder;
  }

  /**
   * Takes the lock and returns once it is held.
   *
   * @param begin {@code BEGIN IMMEDIATE} (writers wait) or {@code BEGIN EXCLUSIVE}
   */
  static OutsideLock hold(StoreHarness h, String begin) throws InterruptedException {
    CountDownLatch locked = new CountDownLatch(1);
    OutsideLock[] self = new OutsideLock[1];
    Thread holder = new Thread(() -> {
      try (Connection c = h.jdbc(); Statement s = c.createStatement()) {
        s.execute(begin);
        locked.countDown();
        self[0].released.await(60, TimeUnit.SECONDS);
        s.execute("COMMIT");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "other-process");
    self[0] = new OutsideLock(holder);
    holder.start();
    if (!locked.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the outside connection did not get the lock");
    }
    return self[0];
  }

  /** Commits the outside transaction and waits for its thread to end. */
  void release() throws InterruptedException {
    released.countDown();
    holder.join();
  }
}
