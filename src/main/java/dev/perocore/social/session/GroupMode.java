package dev.perocore.social.session;

import java.util.Locale;

/**
 * The per-group switch. Every mode stores the group's messages (the store is the record of what was
 * said); they differ in what happens next.
 */
public enum GroupMode {
  /** Buffered, flushed to the brain, answered. */
  REPLY,
  /** Stored and summarized into memory; never flushed to the brain, never answered. */
  OBSERVE,
  /** Stored only: no brain, no summaries, no proactive speech. */
  OFF;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static GroupMode fromLabel(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT));
  }
}
