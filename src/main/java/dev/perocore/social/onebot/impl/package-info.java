/**
 * The gateway's moving parts, behind {@link dev.perocore.social.onebot.OneBotGatewayVerticle}.
 *
 * <ul>
 *   <li>{@link dev.perocore.social.onebot.impl.SocketPause} — backpressure from the store: every
 *       socket stops being read while the store's write queue is above high-water; connections
 *       read on demand ({@link dev.perocore.social.onebot.impl.ReadDemand}),
 *       {@code ReadDemand.BATCH} frames per event-loop turn, and the next batch waits while any
 *       event loop has more than {@code onebot.read_backlog_max} tasks queued (a
 *       {@link dev.perocore.social.guard.LoopBacklog}).
 *   <li>{@link dev.perocore.social.onebot.impl.OneBotConnection} — one WebSocket and its
 *       echo-correlated action client; its parts: {@link
 *       dev.perocore.social.onebot.impl.ReadDemand} (when frames are read), {@link
 *       dev.perocore.social.onebot.impl.FrameAssembly} (fragments into messages, size caps) and
 *       {@link dev.perocore.social.onebot.impl.ActionEchoes} (actions awaiting their echo).
 *   <li>{@link dev.perocore.social.onebot.impl.ReverseUpgrade} — who may open a reverse
 *       WebSocket (reading, token via {@link dev.perocore.social.onebot.impl.AccessTokenCheck},
 *       X-Self-ID, allow list, a free slot); every refusal answered, counted and logged.
 *   <li>{@link dev.perocore.social.onebot.impl.ConnectionAdmission} — how a socket let in becomes
 *       a served connection: a forward one's bot learned and checked against the allow list, the
 *       bot's claim taken ({@code OwnerGate}), the connection attached and its bot announced.
 *   <li>{@link dev.perocore.social.onebot.impl.ActionDispatch} — one action after pacing: sent,
 *       accounted, degraded after repeated timeouts, the get_status canary.
 *   <li>{@link dev.perocore.social.onebot.impl.InboundPipeline} — parse (a message event through
 *       {@code MessageFrameReader}, anything else through FrameJson and EventDecoder), reject
 *       (counted, with a reason), publish. It drops no duplicates, by design (issue 13): it used to remember each
 *       (self_id, message_id) as it passed it on, before the store had committed anything, so a
 *       message the store refused (queue full, a failed commit) and NapCat sent again within the
 *       window was dropped here although it was never stored; and keyed on a 31-bit hash, it
 *       dropped a different message sharing the id. A gateway cache could only be right if the
 *       session layer reported every commit back across the event bus — a second path to keep in
 *       step with the store, for nothing: the store decides by identity (bot, chat, id, sender,
 *       time) inside the commit, at the cost of one index look-up, and a session does not answer a
 *       message the store calls a duplicate. Notices are the store's to de-duplicate too; meta
 *       events are not stored and a repeated heartbeat is harmless. {@code onebot.dedupe_window}
 *       and {@code onebot.dedupe_size} are still accepted (existing config files keep starting)
 *       and no longer used.
 *   <li>{@link dev.perocore.social.onebot.impl.BotRegistry} and
 *       {@link dev.perocore.social.onebot.impl.Bot} — bots by self_id, connection replacement,
 *       heartbeat liveness.
 *   <li>{@link dev.perocore.social.onebot.impl.SendPacer} — per-bot and per-group token buckets
 *       ({@link dev.perocore.social.onebot.impl.TokenBucket}) on a
 *       {@link dev.perocore.social.onebot.impl.PacerClock} that tests drive by hand.
 *   <li>{@link dev.perocore.social.onebot.impl.ForwardConnector} — forward-WS connections,
 *       reconnected with {@link dev.perocore.social.guard.Backoff};
 *       {@link dev.perocore.social.onebot.impl.ForwardConnectors} makes one per target, each on
 *       an event loop of its own in turn, and stops them all.
 *   <li>{@link dev.perocore.social.onebot.impl.ConnectionWatchdog} — liveness: pings, closes
 *       unresponsive connections, logs silent bots.
 *   <li>{@link dev.perocore.social.onebot.impl.ConnectionLimits} and
 *       {@link dev.perocore.social.onebot.impl.PendingBytes} — the resource bounds: connection
 *       slots, allow list, unfinished-fragment budget, the sweep that closes overdue fragments and
 *       forgets long-absent bots.
 *   <li>{@link dev.perocore.social.onebot.impl.OwnerGate} — bot ownership across full nodes: a
 *       connection is served once its bot is claimed; 1008 or 1013 otherwise; an admission that
 *       ends unserved gives the claim back unless the bot is known here or being admitted again.
 *       {@link dev.perocore.social.onebot.impl.ClaimHold} keeps a forward connection's events
 *       unpublished until the claim is answered (published in order, or dropped and counted).
 *   <li>{@link dev.perocore.social.onebot.impl.OneBotMetrics} — the metrics contract.
 *   <li>{@code EventCounters} — {@code social_onebot_events_total} per post type, bound at start-up
 *       (no lookup per event).
 * </ul>
 */
package dev.perocore.social.onebot.impl;
