package dev.perocore.social.brain;

/** The event bus addresses the brain answers on (request/reply; {@link
 * dev.perocore.social.guard.WireCodec}: by reference in one JVM, JSON to a brain node). */
public final class BrainAddresses {

  /** {@link BrainRequest} -> {@link BrainDecision}. */
  public static final String DECIDE = "social.brain";

  /** {@link SummaryRequest} -> {@link Summary}. */
  public static final String SUMMARIZE = "social.brain.summarize";

  /** {@link FriendRequestQuestion} -> {@link RequestVerdict}. */
  public static final String REQUEST = "social.brain.request";

  private BrainAddresses() {}
}
