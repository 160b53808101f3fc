package dev.perocore.social.onebot;

import java.util.Locale;

/**
 * Why a OneBot connection was refused: the {@code reason} label of {@code
 * social_onebot_connections_refused_total} (a contract with the alert rules). Every value is
 * registered at zero at start-up.
 */
public enum RefusalReason {
  /** Access token missing or wrong (401 on the upgrade). */
  TOKEN,
  /** {@code onebot.max_connections} reverse connections are already open (503 on the upgrade). */
  MAX_CONNECTIONS,
  /** The self_id is not in {@code onebot.allowed_bots} (403, or 1008 once learned). */
  NOT_ALLOWED,
  /** X-Self-ID missing or not a number (400 on the upgrade). */
  BAD_SELF_ID,
  /** The gateway is stopping (503 on the upgrade). */
  STOPPING;

  /** The label value: the name in lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
