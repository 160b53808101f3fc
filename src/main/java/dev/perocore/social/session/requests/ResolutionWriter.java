package dev.perocore.social.session.requests;

import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.store.RequestResolution;
import dev.perocore.social.store.RequestRow;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the store the answer just sent for a request (its resolution, and a note of who
 * decided with the remark), as a {@value RequestDesk#STORE} task: the row stops being open, so the
 * admin API no longer lists it as waiting for the owner.
 *
 * <p>The answer is already out when this runs, so a failed write is not a failed decision: the
 * future then fails with a {@link RecordFailedException} that carries the resolution, so the
 * caller counts the request as decided, not failed, and does not answer it again. A request with
 * no open row to record it in (its append failed) fails the same way. Used on the
 * desk's context only.
 */
final class ResolutionWriter {

  /** The desk's log category: what became of a request is its line. */
  private static final Logger LOG = LoggerFactory.getLogger(RequestDesk.class);

  private final Store store;
  private final TaskSet tasks;
  private final Duration limit;

  ResolutionWriter(Store store, TaskSet tasks, Duration limit) {
    this.store = store;
    this.tasks = tasks;
    this.limit = limit;
  }

  /**
   * @param by who decided ({@code policy}, {@code brain}, {@code admin}); the stored note is
   *     {@code by}, or {@code by: remark}
   */
  Future<RequestResolution> record(RequestRow row, boolean approve, String by, String remark) {
    RequestResolution resolution = approve ? RequestResolution.APPROVED : RequestResolution.REJECTED;
    String note = remark.isEmpty() ? by : by + ": " + remark;
    return tasks.run(RequestDesk.STORE, RequestDesk.describe(row), limit,
            () -> store.resolveRequest(row.selfId(), row.requestType(), row.flag(), resolution,
                note, Instant.now()))
        .compose(found -> found ? Future.succeededFuture(resolution)
            // No open row to record it in: the append failed (or another decision was recorded
            // first). As unrecorded as a failed write: a redelivery must not answer again.
            : Future.failedFuture(new IllegalStateException("no open request in the store")))
        .recover(cause -> {
          // The answer went out; only our record of it failed. Say so, do not pretend it failed.
          LOG.error("request {} was {} but recording it failed: {}", RequestDesk.describe(row),
              resolution.column(), cause.toString());
          return Future.failedFuture(new RecordFailedException(resolution, cause));
        });
  }

  /** The answer was sent, the store write was not: not a reason to retry the action. */
  static final class RecordFailedException extends RuntimeException {
    final RequestResolution resolution;

    RecordFailedException(RequestResolution resolution, Throwable cause) {
      super("answered " + resolution.column() + " but not recorded: " + cause.getMessage(), cause,
          false, false);
      this.resolution = resolution;
    }
  }
}
