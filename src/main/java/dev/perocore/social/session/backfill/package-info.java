/**
 * History backfill (issue 13): after every (re)connect of a bot, what its chats said while it was
 * away is fetched from the implementation's history and stored with origin {@code backfill}. Such
 * rows enter later contexts and never trigger a reply: they go straight to the store, never
 * through a session's buffer.
 *
 * <ul>
 *   <li>{@link dev.perocore.social.session.backfill.BackfillVerticle} — listens on {@code
 *       social.onebot.connected} (and backfills bots already connected when it starts), one run
 *       per bot at a time, a reconnect during a run runs it again.
 *   <li>{@code BackfillRun} — one bot's run: {@code get_version_info} chooses the strategy, chats
 *       from the store's activity within {@code lookback} plus NapCat's recent contacts, each chat
 *       paged ({@code onebot.history.ChatHistory}) and stored, under the run's {@code budget}.
 *   <li>{@code PagePacer} — the history calls one at a time, each after {@code page_interval}
 *       under the action deadline; a stop cancels the pauses.
 *   <li>{@code HistoryRows} — a history message as a stored row; {@code BackfillMetrics} —
 *       {@code social_backfill_messages_total}, {@code social_backfill_chats_total{outcome}}.
 * </ul>
 */
package dev.perocore.social.session.backfill;
