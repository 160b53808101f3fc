package dev.perocore.social.onebot;

import java.time.Duration;

/**
 * The {@code onebot.backfill.*} keys: fetching what a bot's chats said while it was not connected
 * (issue 13; see docs NAPCAT-HISTORY.md). Validated by {@code AppConfig.parseBackfill}.
 *
 * @param enabled ask for history after every (re)connect
 * @param lookback chats with stored activity this recent (plus NapCat's recent contacts) are checked
 * @param maxPages history pages fetched per chat at most; a chat that needs more is {@code capped}
 * @param pageSize messages asked for per page ({@code count})
 * @param budget the longest one bot's whole backfill may take; chats left then are {@code capped}
 * @param pageInterval pause before every history call, so a reconnect never becomes a burst of
 *     actions (a burst after a restart is a known trigger of QQ's risk control)
 */
public record BackfillConfig(boolean enabled, Duration lookback, int maxPages, int pageSize,
    Duration budget, Duration pageInterval) {

  /** Backfill off: for tests and tools that build a gateway without it. */
  public static BackfillConfig off() {
    return new BackfillConfig(false, Duration.ofHours(24), 5, 50, Duration.ofSeconds(60),
        Duration.ofMillis(500));
  }
}
