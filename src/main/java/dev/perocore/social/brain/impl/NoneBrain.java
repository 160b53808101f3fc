package dev.perocore.social.brain.impl;

import dev.perocore.social.brain.Brain;
import dev.perocore.social.brain.BrainDecision;
import dev.perocore.social.brain.BrainRequest;
import dev.perocore.social.brain.FriendRequestQuestion;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.brain.Summary;
import dev.perocore.social.brain.SummaryRequest;
import io.vertx.core.Future;

/**
 * No brain configured: every message is stored and observed, nothing is ever answered. Summaries
 * fail (so the caller releases its claim and retries once a brain exists); requests are held for
 * a human.
 */
public final class NoneBrain implements Brain {

  /** The Pass reason of every decision. */
  public static final String REASON = "brain.kind=none";

  /** What start-up logs once, so nobody wonders why the bot is silent. */
  public static final String NOTICE = "brain.kind=none: the service stores and observes every"
      + " message but never replies. To answer, set brain.llm.base_url (plus brain.llm.api_key"
      + " and brain.llm.model) for an OpenAI-compatible endpoint, or brain.kind=echo for a demo.";

  @Override
  public Future<BrainDecision> decide(BrainRequest request) {
    return Future.succeededFuture(new BrainDecision.Pass(REASON));
  }

  @Override
  public Future<Summary> summarize(SummaryRequest request) {
    return Future.failedFuture(new IllegalStateException(
        "no brain configured (brain.kind=none): cannot summarize " + request.sessionKey()));
  }

  @Override
  public Future<RequestVerdict> judge(FriendRequestQuestion question) {
    return Future.succeededFuture(RequestVerdict.HOLD);
  }

  @Override
  public String kind() {
    return "none";
  }
}
