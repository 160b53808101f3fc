package dev.perocore.social.onebot.event;

import io.vertx.core.json.JsonObject;

/**
 * A OneBot v11 event as an implementation (NapCat, Lagrange.OneBot, LLOneBot, go-cqhttp) posts it. The
 * four kinds mirror the spec's {@code post_type}s; each record names the fields the spec defines and
 * keeps the whole frame in {@link #raw()}, so fields this model does not name are never lost.
 *
 * <p>Produced by {@link EventDecoder}; immutable except {@link #raw()}, which is the received frame
 * itself (the decoder takes ownership of it): read it, never change it.
 */
public sealed interface OneBotEvent permits MessageEvent, NoticeEvent, RequestEvent, MetaEvent {

  /** The bot account that received the event. */
  long selfId();

  /** When the event happened, Unix seconds, as the implementation stamped it. */
  long time();

  /** {@code message} (or NapCat's {@code message_sent}), {@code notice}, {@code request}, {@code meta_event}. */
  String postType();

  /** The whole frame as received, unknown fields included. Do not modify. */
  JsonObject raw();
}
