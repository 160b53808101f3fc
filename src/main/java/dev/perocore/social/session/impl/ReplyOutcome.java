package dev.perocore.social.session.impl;

/**
 * What became of one flush. The labels are the {@code outcome} values of {@code
 * social_replies_total}, which the alert rules and dashboards in {@code k8s/} select on (for
 * example {@code outcome="failed"}): never rename one.
 */
enum ReplyOutcome {
  /** The reply was sent and acknowledged. */
  SENT("sent"),
  /** The brain answered but the send failed. */
  FAILED("failed"),
  /** Nothing to say: the brain passed, the reply was blank, or the bot is muted here. */
  PASSED("passed"),
  /** A newer message cancelled the flight before it started sending. */
  PREEMPTED("preempted"),
  /** A step's named timeout (or the flight's own deadline) fired. */
  TIMEOUT("timeout"),
  /** Any other failure. */
  ERROR("error");

  private final String label;

  ReplyOutcome(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** The label, so a log line reads as it always did ("timeout", not "TIMEOUT"). */
  @Override
  public String toString() {
    return label;
  }
}
