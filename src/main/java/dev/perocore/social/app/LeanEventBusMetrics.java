package dev.perocore.social.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsNaming;
import io.vertx.micrometer.impl.tags.Labels;
import java.util.Collections;
import java.util.Set;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * vertx-micrometer's event-bus meters, the same names, tags, descriptions and values, with every
 * meter looked up once instead of once per message. The stock implementation builds tags and asks
 * the registry for the published, received, delivered and pending meters on every message (about
 * half a kilobyte and a microsecond per inbound event, each of which is a local publish); without
 * the address label those meters are one per side, so they are kept here. Byte counts (clustered
 * only) and reply failures (rare) still go to the stock implementation.
 *
 * <p>Only used when {@link Label#EB_ADDRESS} is off (see {@link LeanMetricsFactory}): with it on,
 * the meters are per address and the stock lookups stay.
 */
final class LeanEventBusMetrics implements EventBusMetrics<LeanEventBusMetrics.Handler> {

  private static final String INTERNAL = "__vertx.";
  private static final Map<MeterRegistry, Map<String, LongAdder>> ADDERS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final EventBusMetrics<Object> stock;
  private final MeterRegistry registry;
  private final MetricsNaming names;
  private final boolean sideLabel;
  private final Side localSide;
  private final Side remoteSide;
  private volatile LongAdder handlers;

  @SuppressWarnings("unchecked")
  LeanEventBusMetrics(EventBusMetrics<?> stock, MeterRegistry registry, MetricsNaming names,
      Set<Label> labels) {
    this.stock = (EventBusMetrics<Object>) stock;
    this.registry = registry;
    this.names = names;
    this.sideLabel = labels.contains(Label.EB_SIDE);
    this.localSide = new Side(true);
    this.remoteSide = new Side(false);
  }

  /** A registered handler (null for Vert.x's internal addresses, as the stock metrics have it). */
  enum Handler { REGISTERED }

  @Override
  public Handler handlerRegistered(String address) {
    if (address.startsWith(INTERNAL)) {
      return null;
    }
    LongAdder h = handlers;
    if (h == null) {
      // The stock order: the handler gauge, then both sides' pending, processed and discarded.
      h = gauge(names.getEbHandlers(), "Number of event bus handlers in use", Tags.empty());
      localSide.handlerMeters();
      remoteSide.handlerMeters();
      handlers = h;
    }
    h.increment();
    return Handler.REGISTERED;
  }

  @Override
  public void handlerUnregistered(Handler handler) {
    if (handler != null) {
      handlers.decrement();
    }
  }

  @Override
  public void messageDelivered(Handler handler, boolean local) {
    if (handler != null) {
      Side side = side(local);
      side.pending.decrement();
      side.processed.increment();
    }
  }

  @Override
  public void discardMessage(Handler handler, boolean local, Message<?> msg) {
    if (handler != null) {
      Side side = side(local);
      side.pending.decrement();
      side.discarded.increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean local, boolean remote) {
    if (!address.startsWith(INTERNAL)) {
      Side side = side(local);
      (publish ? side.published() : side.sent()).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean local, int handlers) {
    if (!address.startsWith(INTERNAL)) {
      Side side = side(local);
      side.received().increment();
      if (handlers > 0) {
        side.pendingOnReceive().add(handlers);
        side.delivered().increment();
      }
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    stock.messageWritten(address, numberOfBytes);
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    stock.messageRead(address, numberOfBytes);
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    stock.replyFailure(address, failure);
  }

  @Override
  public void close() {
    stock.close();
  }

  private Side side(boolean isLocal) {
    return isLocal ? localSide : remoteSide;
  }

  private LongAdder gauge(String name, String description, Tags tags) {
    // One adder per meter and registry, as the stock metrics keep them: a second Vert.x on the
    // same registry counts on the gauge the first registered (a gauge reads the adder it was
    // registered with; a second registration returns the first meter).
    LongAdder adder = ADDERS.computeIfAbsent(registry, r -> new ConcurrentHashMap<>())
        .computeIfAbsent(name + tags, k -> new LongAdder());
    Gauge.builder(name, adder, LongAdder::doubleValue).description(description).tags(tags)
        .register(registry);
    return adder;
  }

  private Counter counter(String name, String description, Tags tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  /** One side's meters, each registered when the stock metrics would first register it. */
  private final class Side {
    private final Tags tags;
    volatile LongAdder pending;
    volatile Counter processed;
    volatile Counter discarded;
    private volatile Counter published;
    private volatile Counter sent;
    private volatile Counter received;
    private volatile Counter delivered;

    Side(boolean isLocal) {
      this.tags = sideLabel ? Tags.of(Labels.side(isLocal)) : Tags.empty();
    }

    void handlerMeters() {
      pending = gauge(names.getEbPending(), "Number of messages not processed yet", tags);
      processed = counter(names.getEbProcessed(), "Number of processed messages", tags);
      discarded = counter(names.getEbDiscarded(), "Number of discarded messages", tags);
    }

    LongAdder pendingOnReceive() {
      LongAdder p = pending;
      return p != null ? p : (pending = gauge(names.getEbPending(),
          "Number of messages not processed yet", tags));
    }

    Counter published() {
      Counter c = published;
      return c != null ? c : (published = counter(names.getEbPublished(),
          "Number of messages published (publish / subscribe)", tags));
    }

    Counter sent() {
      Counter c = sent;
      return c != null ? c : (sent = counter(names.getEbSent(),
          "Number of messages sent (point-to-point)", tags));
    }

    Counter received() {
      Counter c = received;
      return c != null ? c : (received = counter(names.getEbReceived(), "Number of messages received",
          tags));
    }

    Counter delivered() {
      Counter c = delivered;
      return c != null ? c : (delivered = counter(names.getEbDelivered(),
          "Number of messages delivered to handlers", tags));
    }
  }
}
