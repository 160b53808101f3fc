package dev.perocore.social.brain;

import java.util.Locale;

/** What to do with a friend request or group invite. HOLD leaves it for a human (admin API). */
public enum RequestVerdict {
  APPROVE,
  REJECT,
  HOLD;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
