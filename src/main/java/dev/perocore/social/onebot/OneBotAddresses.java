package dev.perocore.social.onebot;

/**
 * The event-bus addresses of the gateway (the one documented scheme):
 *
 * <ul>
 *   <li>{@code social.inbound.<post_type>} — every accepted event, as an {@link InboundEvent}
 *       (local codec), published by the default {@link EventRouter}; a custom router may choose
 *       other addresses: the service sends messages and notices to {@code social.session.<shard>} and
 *       requests to {@code social.inbound.request}.
 *   <li>{@code social.onebot.action} — request/reply: send a OneBot action through the gateway.
 *       The request body is the JSON of {@link ActionRequest#toJson()}; the reply is the JSON of
 *       {@link ActionResult#toJson()}, or a failure whose code is one of {@link OneBotActions}'
 *       failure codes. Use {@link OneBotActions} rather than building messages by hand.
 *   <li>{@code social.onebot.connected} — published whenever a connection that carries a bot's
 *       actions is attached (first connect, reconnect, replacement): {@code {"self_id": ...,
 *       "connection_id": "..."}}. Whoever catches up on what the bot missed (history backfill)
 *       listens here; it does not depend on the implementation's lifecycle event, which some
 *       set-ups never send.
 * </ul>
 */
public final class OneBotAddresses {

  public static final String INBOUND_PREFIX = "social.inbound.";
  public static final String ACTION = "social.onebot.action";
  public static final String CONNECTED = "social.onebot.connected";

  private OneBotAddresses() {}
}
