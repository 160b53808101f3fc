package dev.perocore.social.guard;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One task a {@link TaskSet} holds: what it is, since when, and what has been said of it. Held in
 * the set by identity. Its detail is kept as given (a session key, say) and made text only when a
 * line or the admin API names the task: a string built per message was most tasks' only use of it.
 */
class TrackedTask {
  final String kind;
  /** What exactly, e.g. the session key: its {@code toString()} is the task's detail. */
  final Object detail;
  final long startNanos;
  /** social_tasks_in_flight{kind}, looked up once. */
  final AtomicInteger inFlight;
  volatile boolean timedOut;
  volatile boolean stalledReported;

  TrackedTask(String kind, Object detail, long startNanos, AtomicInteger inFlight) {
    this.kind = kind;
    this.detail = detail;
    this.startNanos = startNanos;
    this.inFlight = inFlight;
  }

  String detail() {
    return String.valueOf(detail);
  }

  TaskInfo info(String owner, long now) {
    return new TaskInfo(owner, kind, detail(), Duration.ofNanos(now - startNanos), timedOut);
  }

  long ageMillis(long now) {
    return Duration.ofNanos(now - startNanos).toMillis();
  }
}
