package dev.perocore.social.onebot;

/**
 * Chooses the event-bus address an accepted event is published to — the one pluggable point
 * between the gateway and whoever consumes events. The default, {@link #byPostType()}, publishes to
 * {@code social.inbound.<post_type>}; the session layer can plug in a router that shards messages
 * by session key (the service uses {@code social.session.<shard>} for messages and notices) without touching the gateway.
 *
 * <p>Called on the connection's event loop for every event: it must be fast and must not block.
 */
@FunctionalInterface
public interface EventRouter {

  /** The address for {@code event}, or null to not publish it at all. */
  String address(InboundEvent event);

  /** {@code social.inbound.message}, {@code .notice}, {@code .request}, {@code .meta_event}. */
  static EventRouter byPostType() {
    return event -> OneBotAddresses.INBOUND_PREFIX + event.postType();
  }
}
