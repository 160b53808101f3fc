package dev.perocore.social.session.requests;

import java.util.Locale;

/** What the desk does with a kind of request as it arrives ({@code requests.*} policies). */
public enum RequestPolicy {
  /** Accept at once. */
  APPROVE,
  /** Refuse at once. */
  REJECT,
  /** Ask the brain (APPROVE / REJECT / HOLD); a brain that fails or is late means HOLD. */
  ASK_BRAIN,
  /** Leave it open for the owner (admin API). */
  HOLD;

  /** The configuration spelling: {@code approve}, {@code reject}, {@code ask_brain}, {@code hold}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RequestPolicy fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
