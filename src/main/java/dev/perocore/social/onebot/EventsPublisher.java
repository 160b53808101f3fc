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
 * on {@code social.events.<post_type>} — {@code message}, {@code notice}, {@code request},
 * {@code meta_event} is left out — as JSON, cluster-wide, for other services and the TCP bridge
 * (issue 17). Schema, version 1:
 *
 * <pre>{"v":1, "kind":"message", "self_id":10001, "received_at_ms":..., "event":{OneBot v11 JSON}}</pre>
 *
 * <p>It listens locally, beside the sessions: the session path is not touched, and a slow
 * subscriber elsewhere never slows this node (publish does not wait).
 */
public final class EventsPublisher extends GuardedVerticle {

  /** The address prefix: {@code social.events.message} and so on. */
  public static final String PREFIX = "social.events.";
  /** The kinds published. */
  public static final List<String> KINDS = List.of("message", "notice", "request");
  public static final int VERSION = 1;

  private final List<MessageConsumer<InboundEvent>> consumers = new ArrayList<>();

  public EventsPublisher(Guard guard, Duration drainTimeout) {
    super(guard, drainTimeout);
  }

  @Override
  public String name() {
    return "events-publisher";
  }

  @Override
  protected Future<?> begin() {
    for (String kind : KINDS) {
      consumers.add(vertx.eventBus().<InboundEvent>localConsumer(
          OneBotAddresses.INBOUND_PREFIX + kind, m -> publish(kind, m.body())));
    }
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  protected Future<?> stopIntake() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  /** The JSON form of an accepted event (what a subscriber receives). */
  public static JsonObject json(String kind, InboundEvent event) {
    return new JsonObject().put("v", VERSION).put("kind", kind).put("self_id", event.selfId())
        .put("received_at_ms", event.receivedAtMillis())
        .put("event", new JsonObject(event.frame()));
  }

  private void publish(String kind, InboundEvent event) {
    vertx.eventBus().publish(PREFIX + kind, json(kind, event));
  }
}
