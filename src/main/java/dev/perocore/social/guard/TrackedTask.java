package dev.perocore.social.guard;

import java.time.Duration;

/** One task a {@link TaskSet} holds: what it is, since when, and what has been said of it. */
final class TrackedTask {
  final long id;
  final String kind;
  final String detail;
  final long startNanos;
  volatile boolean timedOut;
  volatile boolean stalledReported;

  TrackedTask(long id, String kind, String detail, long startNanos) {
    this.id = id;
    this.kind = kind;
    this.detail = detail;
    this.startNanos = startNanos;
  }

  TaskInfo info(String owner, long now) {
    return new TaskInfo(owner, kind, detail, Duration.ofNanos(now - startNanos), timedOut);
  }

  long ageMillis(long now) {
    return Duration.ofNanos(now - startNanos).toMillis();
  }
}
