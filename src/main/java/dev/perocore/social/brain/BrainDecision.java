package dev.perocore.social.brain;

import java.util.Objects;

/** The brain's answer to a {@link BrainRequest}: say something, or stay silent and say why. */
public sealed interface BrainDecision permits BrainDecision.Reply, BrainDecision.Pass {

  /** The metric label: {@code reply} or {@code pass}. */
  String label();

  /**
   * Send {@code text} to the session: plain text, sent as text segments (CQ-looking text stays
   * characters).
   */
  record Reply(String text) implements BrainDecision {
    public Reply {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String label() {
      return "reply";
    }
  }

  /** Stay silent; {@code reason} is for logs and the admin view. */
  record Pass(String reason) implements BrainDecision {
    public Pass {
      reason = Objects.requireNonNullElse(reason, "");
    }

    @Override
    public String label() {
      return "pass";
    }
  }
}
