package dev.perocore.social.brain;

import io.vertx.core.Future;

/**
 * What answers: the LLM, the echo, or nobody. Called on the {@link BrainVerticle}'s event loop;
 * implementations never block and always complete their futures (a failure is an answer too).
 */
public interface Brain {

  /** Reply or pass; a failure means the brain could not decide (counted as {@code error}). */
  Future<BrainDecision> decide(BrainRequest request);

  /**
   * {@link #decide}, and which configured model made the decision (for the {@code model} label);
   * brains without models need not override it.
   */
  default Future<ModelDecision> decideByModel(BrainRequest request) {
    return decide(request).map(ModelDecision::unmodelled);
  }

  /** A summary of the messages; a failure tells the caller to release its claim. */
  Future<Summary> summarize(SummaryRequest request);

  /** APPROVE, REJECT or HOLD for a friend request or group invite. */
  Future<RequestVerdict> judge(FriendRequestQuestion question);

  /** A one-word name for logs: {@code llm}, {@code echo}, {@code none}. */
  String kind();

  /** Releases clients and timers. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
