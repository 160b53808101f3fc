package dev.perocore.social.brain;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The brain's answer to a {@link BrainRequest}: say something, or stay silent and say why. */
public sealed interface BrainDecision permits BrainDecision.Reply, BrainDecision.Pass {

  /** The metric label: {@code reply} or {@code pass}. */
  String label();

  /**
   * Send these parts to the session: {@link ReplyPart.Text} as text segments (CQ-looking text stays
   * characters), the other parts as the elements the adapter builds. Plain-text brains (echo,
   * tests) answer with one text part: {@code new Reply(text)}.
   */
  record Reply(List<ReplyPart> parts) implements BrainDecision {
    public Reply {
      // Immutable: the record crosses the event bus by reference (see WireCodec).
      parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
    }

    /** One text part. */
    public Reply(String text) {
      this(List.of(new ReplyPart.Text(Objects.requireNonNull(text, "text"))));
    }

    /** The answer as the model wrote it (elements as their tokens), for logs and checks. */
    public String text() {
      return parts.stream().map(ReplyPart::token).collect(Collectors.joining());
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
