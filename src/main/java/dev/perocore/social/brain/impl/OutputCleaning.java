package dev.perocore.social.brain.impl;

/**
 * What was stripped from a model's reply before it was sent: the {@code what} label of {@code
 * social_brain_output_cleaned_total}. A closed set (dashboards select on it): never rename one.
 */
public enum OutputCleaning {
  /** A {@code <think>...</think>} reasoning block. */
  THINK("think"),
  /** A leading {@code Name:}, {@code Me:} or {@code <bot name>:}: a speaker tag. */
  NAME_PREFIX("name_prefix"),
  /** Quotes wrapping the whole answer. */
  QUOTES("quotes"),
  /** A context line echoed back ({@code [11-30 03:13] name (id): ...}). */
  CONTEXT_ECHO("context_echo");

  private final String label;

  OutputCleaning(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
