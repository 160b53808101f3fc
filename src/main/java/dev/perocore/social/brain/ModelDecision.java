package dev.perocore.social.brain;

import java.util.Objects;

/**
 * A decision and the configured model that made it: the {@code model} label of {@code
 * social_brain_decisions_total} and the decision log.
 *
 * @param model a configured model name ({@code brain.llm.model} or a fallback's), or {@link
 *     #NO_MODEL} when no model answered (echo, none, an open circuit)
 */
public record ModelDecision(BrainDecision decision, String model) {

  /** The label value when no configured model made the decision. */
  public static final String NO_MODEL = "none";

  public ModelDecision {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(model, "model");
  }

  /** A decision no model made. */
  public static ModelDecision unmodelled(BrainDecision decision) {
    return new ModelDecision(decision, NO_MODEL);
  }
}
