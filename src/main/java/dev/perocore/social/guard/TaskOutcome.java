package dev.perocore.social.guard;

import java.util.Locale;

/** How a tracked task ended; the {@code outcome} label of {@code social_tasks_total}. */
public enum TaskOutcome {
  SUCCESS,
  FAILURE,
  /** Its named deadline passed; the work itself stays in flight until it really ends. */
  TIMEOUT,
  /** Still running when its owner's drain deadline passed. */
  ABANDONED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
