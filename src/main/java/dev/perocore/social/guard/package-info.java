/**
 * Guards against PeroCore's silent failures: every started future is owned by a {@link
 * dev.perocore.social.guard.TaskSet}, every external wait has a named deadline ({@link
 * dev.perocore.social.guard.Timeouts}; on an event loop the deadlines of one length share one
 * scheduled check, {@code DeadlineQueue}, rather than a timer each; one deadline, its expiry and
 * the work's completion handler are one object, {@code Bounded}), and {@link dev.perocore.social.guard.LoopGuard} watches
 * event loops and workers for blocking.
 *
 * <p>And the small helpers every other package shares, one of each:
 *
 * <ul>
 *   <li>{@link dev.perocore.social.guard.Backoff}: exponential retry delays, with or without
 *       jitter;
 *   <li>{@link dev.perocore.social.guard.Backpressure}: a high/low-water signal from a queue's
 *       owner (the store) to its feeder (the gateway), which must not know each other;
 *   <li>{@link dev.perocore.social.guard.LoopBacklog}: tasks waiting on the event loops, which
 *       the gateway reads no more sockets past (loop lag is the time behind that queue);
 *   <li>{@link dev.perocore.social.guard.LocalCodec}: event bus messages passed by reference,
 *       local only;
 *   <li>{@link dev.perocore.social.guard.WireCodec}: by reference in one JVM, versioned JSON
 *       ({@link dev.perocore.social.guard.RecordJson}) between cluster nodes;
 *   <li>{@link dev.perocore.social.guard.OwnerContext}: run on the owner's context, answer on the
 *       caller's;
 *   <li>{@code TaskMdc}: the MDC fields task/session/bot around a task's log line (for
 *       {@code log.format: json});
 *   <li>{@code TrackedTask} (one task a TaskSet holds) and {@code TaskReports} (how its outcome,
 *       stall or abandonment is counted and logged), the TaskSet's own parts;
 *   <li>{@link dev.perocore.social.guard.VertxInternals}: the only use of Vert.x's internal API
 *       outside this package's own watchers, each where no public API does the job.
 * </ul>
 *
 * <p>Depends on nothing else of ours; every other package may depend on it.
 */
package dev.perocore.social.guard;
