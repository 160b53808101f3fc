package dev.perocore.social.app;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * A benchmark's count of the collector's stop-the-world pauses during a run: every event loop
 * stands still for each of them, so the longest is a floor under the worst loop lag whatever the
 * service does (G1's default 200 ms pause goal shows up as "blocked" loops). Concurrent cycles
 * (Shenandoah's and ZGC's "Cycles" collectors, G1's "Concurrent" one) do not stop the loops and
 * are not counted.
 */
final class GcPauses implements NotificationListener {

  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong totalMillis = new AtomicLong();
  private final AtomicLong maxMillis = new AtomicLong();
  /** Pauses as [start, end] in the collector's milliseconds since the JVM started. */
  private final List<long[]> windows = java.util.Collections.synchronizedList(new ArrayList<>());
  /**
   * System.nanoTime minus the collector's clock, in ns: the smallest seen between a pause's end
   * and its notification (the collector's "JVM start" is not RuntimeMXBean's: measured 117 ms
   * apart, so the uptime cannot translate it).
   */
  private final AtomicLong clockOffsetNanos = new AtomicLong(Long.MAX_VALUE);

  private GcPauses() {}

  static GcPauses start() {
    GcPauses pauses = new GcPauses();
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      String name = bean.getName();
      if (!name.contains("Cycles") && !name.contains("Concurrent")
          && bean instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(pauses, null, null);
        pauses.emitters.add(emitter);
      }
    }
    return pauses;
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
        .equals(notification.getType())) {
      return;
    }
    com.sun.management.GcInfo info = GarbageCollectionNotificationInfo
        .from((CompositeData) notification.getUserData()).getGcInfo();
    long millis = info.getDuration();
    clockOffsetNanos.accumulateAndGet(System.nanoTime() - info.getEndTime() * 1_000_000L,
        Math::min);
    windows.add(new long[] {info.getStartTime(), info.getEndTime()});
    count.incrementAndGet();
    totalMillis.addAndGet(millis);
    maxMillis.accumulateAndGet(millis, Math::max);
  }

  /** Whether a pause overlapped [from, to] (System.nanoTime), a millisecond either side. */
  boolean during(long from, long to) {
    long offset = clockOffsetNanos.get();
    synchronized (windows) {
      for (long[] w : windows) {
        long start = offset + w[0] * 1_000_000L;
        long end = offset + w[1] * 1_000_000L;
        if (start - 1_000_000L < to && end + 1_000_000L > from) {
          return true;
        }
      }
    }
    return false;
  }

  /** Stops counting; "N pause(s), T ms in all, longest M ms". */
  String stop() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(this);
      } catch (ListenerNotFoundException e) {
        // never added: nothing to remove
      }
    }
    return String.format("%d pause(s), %d ms in all, longest %d ms (%s)", count.get(),
        totalMillis.get(), maxMillis.get(), collector());
  }

  private static String collector() {
    return String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).toList());
  }
}
