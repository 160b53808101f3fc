package dev.perocore.social.brain;

import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.TaskSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;

/**
 * How a session (or anyone) asks the brain: request/reply on the event bus, each request a task of
 * the caller's {@link TaskSet} bounded by {@code brain.timeout}. To this process's brain the
 * records travel by reference; with {@code brain.local: false} ({@link BrainRoute#CLUSTER}) the
 * question is its versioned JSON ({@link BrainJson}), read alike by a brain node and by a TCP
 * bridge client serving {@code social.brain}, and the answer may come back in either form. An
 * answer that is not the expected type fails the call with the reason ({@code error}).
 *
 * <p>Every call ends: with the answer; with an {@link OperationTimeoutException} naming the
 * operation ({@code brain.call.decide}, ...) once the timeout passes; or with a {@link
 * ReplyException} — {@link ReplyFailure#NO_HANDLERS} when no brain is deployed, {@link
 * ReplyFailure#RECIPIENT_FAILURE} when the brain failed. {@link #failureLabel} turns any of them
 * into a metric label. The event bus's own reply deadline is set a little after the named one,
 * so the named timeout is the one that fires and is counted, and the reply handler is still
 * removed shortly after (no ghost waiting forever).
 *
 * <p>Create it on the caller's context (its TaskSet's owner); use it from there.
 */
public final class BrainClient {

  /** Task kinds (and named-timeout operations) of the three calls. */
  public static final String DECIDE = "brain.call.decide";
  public static final String SUMMARIZE = "brain.call.summarize";
  public static final String JUDGE = "brain.call.judge";

  private final Vertx vertx;
  private final TaskSet tasks;
  private final Duration timeout;
  private final DeliveryOptions delivery;
  private final BrainRoute route;

  /**
   * @param vertx the Vert.x instance the brain verticle runs in
   * @param tasks the caller's TaskSet: each request is tracked there
   * @param timeout how long to wait for the brain ({@code brain.timeout})
   */
  public BrainClient(Vertx vertx, TaskSet tasks, Duration timeout) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.timeout = timeout;
    this.route = BrainRoute.of(vertx);
    this.delivery = new DeliveryOptions().setSendTimeout(timeout.plus(grace(timeout)).toMillis())
        .setLocalOnly(route == BrainRoute.LOCAL);
    BrainCodecs.register(vertx);
  }

  /** Reply or pass for a flushed session; {@code detail} of the task is the session key. */
  public Future<BrainDecision> decide(BrainRequest request) {
    return tasks.run(DECIDE, request.sessionKey(), timeout, () -> {
      Future<BrainDecision> asked = send(BrainAddresses.DECIDE, request, BrainDecision.class);
      // Cluster: no brain node is an operator's problem (NoBrainNode), not the session's.
      return route == BrainRoute.LOCAL ? asked : asked.recover(cause -> isNoHandlers(cause)
          ? Future.succeededFuture(new BrainDecision.Pass(BrainRoute.NO_BRAIN_NODE))
          : Future.failedFuture(cause));
    });
  }

  /** A summary of a claimed range; on failure the caller releases its claim. */
  public Future<Summary> summarize(SummaryRequest request) {
    return ask(SUMMARIZE, request.sessionKey(), BrainAddresses.SUMMARIZE, request, Summary.class);
  }

  /** APPROVE, REJECT or HOLD for a friend request or group invite. */
  public Future<RequestVerdict> judge(FriendRequestQuestion question) {
    String detail = question.selfId() + ":" + question.kind() + ":" + question.userId();
    return ask(JUDGE, detail, BrainAddresses.REQUEST, question, RequestVerdict.class);
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * A low-cardinality label for a failed call: {@code timeout}, {@code no_brain} (nothing
   * listens), {@code brain_error} (the brain answered with a failure) or {@code error}.
   */
  public static String failureLabel(Throwable cause) {
    if (cause instanceof OperationTimeoutException) {
      return "timeout";
    }
    if (cause instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case TIMEOUT -> "timeout";
        case NO_HANDLERS -> "no_brain";
        case RECIPIENT_FAILURE -> "brain_error";
        default -> "error";
      };
    }
    return "error";
  }

  private static boolean isNoHandlers(Throwable cause) {
    return cause instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private <T> Future<T> ask(String kind, String detail, String address, Object body,
      Class<T> answer) {
    return tasks.run(kind, detail, timeout, () -> send(address, body, answer));
  }

  private <T> Future<T> send(String address, Object body, Class<T> answer) {
    // Off this process the question is JSON: a bridge client may be the one answering it.
    Object asked = route == BrainRoute.LOCAL ? body : BrainJson.outbound(body);
    return vertx.eventBus().request(address, asked, delivery).map(Message::body)
        .map(reply -> BrainJson.answer(reply, answer));
  }

  /** How long after the named deadline the event bus gives up: 10% of it, 10 ms to 1 s. */
  private static Duration grace(Duration timeout) {
    long tenth = timeout.toMillis() / 10;
    return Duration.ofMillis(Math.max(10, Math.min(1000, tenth)));
  }
}
