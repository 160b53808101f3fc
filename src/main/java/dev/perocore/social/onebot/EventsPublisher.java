package dev.perocore.social.onebot;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes every event the gateway accepted (after parsing, authentication and de-duplication)
 * on {@code social.events.<post_type>} — {@code message}, {@code notice}, {@code request};
 * {@code meta_event} is left out — as JSON, cluster-wide, for other services and the TCP bridge
 * (issue 17). Schema, version 1 (README "Subscribers" lists every kind):
 *
 * <pre>{"v":1, "kind":"message", "self_id":10001, "received_at_ms":..., "event":{OneBot v11 JSON}}</pre>
 *
 * <p>It listens locally beside the consumers the gateway's router publishes to (the service's
 * session shards and request desk: the router publishes, so every consumer gets each event and
 * none is taken from the sessions), on its own event loop: the session path is not touched, and
 * a slow subscriber elsewhere never slows this node (publish does not wait).
 */
public final class EventsPublisher extends GuardedVerticle {

  /** The address prefix: {@code social.events.message} and so on. */
  public static final String PREFIX = "social.events.";
  /** The kinds published. */
  public static final List<String> KINDS = List.of("message", "notice", "request");
  public static final int VERSION = 1;

  private final List<String> addresses;
  private final List<MessageConsumer<InboundEvent>> consumers = new ArrayList<>();

  /** Beside the default router ({@code social.inbound.<post_type>}). */
  public EventsPublisher(Guard guard, Duration drainTimeout) {
    this(guard, drainTimeout, KINDS.stream().map(k -> OneBotAddresses.INBOUND_PREFIX + k).toList());
  }

  /** @param addresses every address the gateway's router publishes accepted events to */
  public EventsPublisher(Guard guard, Duration drainTimeout, List<String> addresses) {
    super(guard, drainTimeout);
    this.addresses = List.copyOf(addresses);
  }

  @Override
  public String name() {
    return "events-publisher";
  }

  @Override
  protected Future<?> begin() {
    for (String address : addresses) {
      consumers.add(vertx.eventBus().<InboundEvent>localConsumer(address, m -> publish(m.body())));
    }
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  protected Future<?> stopIntake() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  /**
   * The JSON form of an accepted event (what a subscriber receives). The event is the decoder's
   * frame, shared read-only, not parsed again: the bus copies it for a local consumer and encodes
   * it for a remote one, and with no consumer nothing is copied at all.
   */
  public static JsonObject json(String kind, InboundEvent event) {
    return new JsonObject().put("v", VERSION).put("kind", kind).put("self_id", event.selfId())
        .put("received_at_ms", event.receivedAtMillis())
        .put("event", event.event().raw());
  }

  private void publish(InboundEvent event) {
    String kind = event.postType();
    if (KINDS.contains(kind)) {
      vertx.eventBus().publish(PREFIX + kind, json(kind, event));
    }
  }
}
