package dev.perocore.social.onebot.history;

/** How one chat's backfill ended: the {@code outcome} label of {@code social_backfill_chats_total}. */
public enum BackfillOutcome {
  /** Paged back to a message already stored (or the look-back window, or the chat's beginning). */
  COMPLETE,
  /** Stopped by {@code onebot.backfill.max_pages} or the run's {@code budget}: a gap may remain. */
  CAPPED,
  /** A history call failed or timed out: the gap stays open. */
  FAILED,
  /** The implementation has no history for this kind of chat. */
  UNSUPPORTED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
