/**
 * The implementations' history actions, for catching up after a (re)connect (issue 13; facts in
 * docs NAPCAT-HISTORY.md). Knows nothing about the store: what is already stored comes in as a
 * {@link dev.perocore.social.onebot.history.KnownPoint}, what was missed goes out as message
 * events.
 *
 * <ul>
 *   <li>{@link dev.perocore.social.onebot.history.HistoryStrategy} — who pages how, chosen by
 *       {@code get_version_info}'s {@code app_name}: NapCat, Lagrange, LLOneBot, go-cqhttp, or
 *       none.
 *   <li>{@link dev.perocore.social.onebot.history.ChatHistory} — one chat's missed messages, newest
 *       page first, back to the known point or a cap ({@link
 *       dev.perocore.social.onebot.history.HistoryResult}, {@link
 *       dev.perocore.social.onebot.history.BackfillOutcome}).
 *   <li>{@link dev.perocore.social.onebot.history.RecentContacts} — NapCat's
 *       {@code get_recent_contact}: which chats were active while we were away.
 * </ul>
 */
package dev.perocore.social.onebot.history;
