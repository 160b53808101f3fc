/**
 * The OneBot v11 gateway: the connection to NapCat, Lagrange.OneBot, LLOneBot and go-cqhttp.
 * Knows nothing about sessions or SQLite.
 *
 * <p>Where to look:
 * <ul>
 *   <li>{@link dev.perocore.social.onebot.OneBotGatewayVerticle} — the gateway: reverse WebSocket
 *       endpoints ({@code mount(router)}), forward connections, event publishing, actions,
 *       liveness ({@code bots()}). Deploy one instance.
 *   <li>{@link dev.perocore.social.onebot.OneBotAddresses} — the event-bus address scheme;
 *       {@link dev.perocore.social.onebot.EventRouter} — the pluggable choice of address;
 *       {@link dev.perocore.social.onebot.InboundEvent} — what is published (local codec).
 *   <li>{@link dev.perocore.social.onebot.OneBotActions} — send actions from any verticle over the
 *       event bus; failures are {@link dev.perocore.social.onebot.OneBotActionException}s or the
 *       guard's {@code OperationTimeoutException}.
 *   <li>{@link dev.perocore.social.onebot.BotIds} — bot accounts ({@code self_id}) are
 *       {@code long}s, {@code UNKNOWN} until a forward connection names its bot.
 *   <li>{@link dev.perocore.social.onebot.OneBotConfig} — the {@code onebot:} section, and the
 *       start-up exposure check ({@code checkExposure(httpHost)});
 *       {@link dev.perocore.social.onebot.OneBotLimits} its resource bounds, with the closed
 *       sets {@link dev.perocore.social.onebot.RefusalReason} and
 *       {@link dev.perocore.social.onebot.LimitReason} as metric labels.
 *   <li>{@link dev.perocore.social.onebot.EventsPublisher} — accepted events as JSON on
 *       {@code social.events.<kind>} for subscribers (issue 17).
 *   <li>{@link dev.perocore.social.onebot.BotOwners} — bot ownership across full nodes (issue 17):
 *       the gateway claims a bot before serving it and refuses (1008) one another node owns; none
 *       without a cluster.
 *   <li>{@code event}, {@code message} — the protocol model (events, segments, CQ codes).
 *   <li>{@code history} — the implementations' history actions, per implementation, for the
 *       backfill after a (re)connect ({@link dev.perocore.social.onebot.BackfillConfig},
 *       {@code social.onebot.connected} in {@link dev.perocore.social.onebot.OneBotAddresses}).
 *   <li>{@code impl} — connections and their action client, the inbound pipeline (parse,
 *       check, publish; redeliveries are the store's to recognise), admission, the watchdog, the
 *       bot registry, pacing, forward reconnects, metrics.
 * </ul>
 */
package dev.perocore.social.onebot;
