/**
 * The gateway's moving parts, behind {@link dev.perocore.social.onebot.OneBotGatewayVerticle}.
 *
 * <ul>
 *   <li>{@link dev.perocore.social.onebot.impl.OneBotConnection} — one WebSocket and its
 *       echo-correlated action client.
 *   <li>{@link dev.perocore.social.onebot.impl.AccessTokenCheck} — the token on the upgrade.
 *   <li>{@link dev.perocore.social.onebot.impl.InboundPipeline} — parse, reject (counted, with a
 *       reason), drop duplicates ({@link dev.perocore.social.onebot.impl.DedupeCache}), publish.
 *   <li>{@link dev.perocore.social.onebot.impl.BotRegistry} and
 *       {@link dev.perocore.social.onebot.impl.Bot} — bots by self_id, connection replacement,
 *       heartbeat liveness.
 *   <li>{@link dev.perocore.social.onebot.impl.SendPacer} — per-bot and per-group token buckets
 *       ({@link dev.perocore.social.onebot.impl.TokenBucket}) on a
 *       {@link dev.perocore.social.onebot.impl.PacerClock} that tests drive by hand.
 *   <li>{@link dev.perocore.social.onebot.impl.ForwardConnector} — forward-WS connections,
 *       reconnected with {@link dev.perocore.social.guard.Backoff}.
 *   <li>{@link dev.perocore.social.onebot.impl.ConnectionLimits} and
 *       {@link dev.perocore.social.onebot.impl.PendingBytes} — the resource bounds: connection
 *       slots, allow list, unfinished-fragment budget, the sweep that closes overdue fragments and
 *       forgets long-absent bots.
 *   <li>{@link dev.perocore.social.onebot.impl.OneBotMetrics} — the metrics contract.
 * </ul>
 */
package dev.perocore.social.onebot.impl;
