package dev.perocore.social.onebot;

import java.util.Locale;

/**
 * Why an open OneBot connection was closed by a resource bound: the {@code reason} label of {@code
 * social_onebot_connections_limited_total}. Every value is registered at zero at start-up.
 */
public enum LimitReason {
  /** Its unfinished fragmented message passed {@code onebot.max_pending_bytes_per_connection}. */
  PENDING_BYTES,
  /** All connections' unfinished messages would pass {@code onebot.max_pending_bytes_total}. */
  PENDING_BYTES_TOTAL,
  /** Its fragmented message stayed unfinished longer than {@code onebot.fragment_timeout}. */
  FRAGMENT_TIMEOUT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
