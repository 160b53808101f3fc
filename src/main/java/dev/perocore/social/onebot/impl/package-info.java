/**
 * The gateway's moving parts, behind {@link dev.perocore.social.onebot.OneBotGatewayVerticle}:
 * {@link dev.perocore.social.onebot.impl.OneBotConnection} (one WebSocket and its echo-correlated
 * action client), {@link dev.perocore.social.onebot.impl.InboundPipeline} (parse, reject, dedupe,
 * publish), {@link dev.perocore.social.onebot.impl.BotRegistry} (bots by self_id, replacement),
 * {@link dev.perocore.social.onebot.impl.SendPacer} (token buckets on timers),
 * {@link dev.perocore.social.onebot.impl.ForwardConnector} (reconnect with backoff) and
 * {@link dev.perocore.social.onebot.impl.OneBotMetrics} (the metrics contract).
 */
package dev.perocore.social.onebot.impl;
