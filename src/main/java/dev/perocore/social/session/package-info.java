/**
 * The social adapter proper: sessions keyed by (bot, private|group, peer), each owned by exactly
 * one event loop (sharded over session verticle instances), their buffers and timers, the context
 * built for a reply, the brain's decision, the reply sent and stored; notices, summaries and
 * proactive scans. Talks to {@code onebot} and {@code brain} over the event bus and to {@code
 * store} directly. No locks: ownership instead.
 *
 * <p>Where things are:
 * <ul>
 *   <li>{@link dev.perocore.social.session.SessionShards} — what the application wires: the shard
 *       verticles, the {@link dev.perocore.social.session.SessionRouter} the gateway uses, the
 *       {@link dev.perocore.social.session.SessionDirectory} the admin API reads.
 *   <li>{@link dev.perocore.social.session.OutboundMessages} — send one message (a segment array:
 *       model text is always one text segment) and store it as sent (with OneBot's id) or failed
 *       (with its retcode); used by replies, owner notices and the admin API.
 *   <li>{@link dev.perocore.social.session.SessionEvents} — what subscribers hear from here:
 *       every send's outcome ({@code social.events.outbound}) and every decision on a request
 *       ({@code social.events.request_outcome}), versioned JSON.
 *   <li>{@code impl} — the session state machine in named parts, mapped step by step in its
 *       package-info: {@code Shard} (dispatch), {@code MessageIntake} (append, buffer),
 *       {@code FlushTimers} (idle, summon, size), {@code FlushSlots} ({@code max_flushes}),
 *       {@code ReplyFlight} (context, brain, reply, preempt), {@code MuteWatch},
 *       {@code ProactiveScan}, {@code SessionTable} (the map, eviction, the directory).
 *   <li>{@code impl.ContextBuilder} — history, related users (never the asking user, the bot or
 *       system rows), latest group; each part a deadline-bound read recovered to a named default.
 *   <li>{@code impl.Summarizer} — claim exactly once, summarize, store or release.
 *   <li>{@code backfill} — after every (re)connect, what a bot's chats said while it was away is
 *       fetched from history and stored with origin backfill: in context, never answered.
 *   <li>Requests (friend, group invite) are routed to {@code social.inbound.request}, never
 *       through a session.
 * </ul>
 */
package dev.perocore.social.session;
