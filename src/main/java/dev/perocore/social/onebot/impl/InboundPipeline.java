package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.onebot.EventRouter;
import dev.perocore.social.onebot.InboundEvent;
import dev.perocore.social.onebot.LimitReason;
import dev.perocore.social.onebot.event.DecodeResult;
import dev.perocore.social.onebot.event.EventDecoder;
import dev.perocore.social.onebot.event.FrameJson;
import dev.perocore.social.onebot.event.HeartbeatEvent;
import dev.perocore.social.onebot.event.LifecycleEvent;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.onebot.event.MessageFrameReader;
import dev.perocore.social.onebot.event.OneBotEvent;
import dev.perocore.social.onebot.event.RejectReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to every whole message a connection reads, on that connection's event loop: parse,
 * tell responses from events, decode, note liveness, publish. Bad input is
 * rejected with a reason, counted, and logged at a limited rate; it never closes the connection
 * (except a message over the size limit) and never touches another bot.
 *
 * <p>No duplicate check here: the store decides, by identity, inside the commit (see this
 * package's documentation for why the gateway keeps no id cache).
 *
 * <p>Thread-safe and lock-free: shared by all connections.
 */
public final class InboundPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(InboundPipeline.class);
  private static final int DETAIL_MAX = 200;
  /** Transport-level reject reason: an event for another account than the connection's. */
  public static final String SELF_ID_MISMATCH = "self_id_mismatch";

  private final EventDecoder decoder = new EventDecoder();
  private final BotRegistry registry;
  private final OneBotMetrics metrics;
  private final EventBus bus;
  private final DeliveryOptions delivery;
  private final RateLimitedLog limited = new RateLimitedLog(LOG, Duration.ofSeconds(10));
  private final LongAdder messagesPublished = new LongAdder();
  private volatile EventRouter router;
  private volatile Consumer<OneBotConnection> onSelfIdLearned = c -> {};

  public InboundPipeline(BotRegistry registry, OneBotMetrics metrics, EventBus bus,
      String codecName, EventRouter router) {
    this.registry = registry;
    this.metrics = metrics;
    this.bus = bus;
    // Local codec: consumers get this very object; the event bus is local (not clustered) here.
    this.delivery = new DeliveryOptions().setCodecName(codecName).setLocalOnly(true);
    this.router = router;
  }

  public void router(EventRouter router) {
    this.router = router;
  }

  /** Called when a forward connection names its bot for the first time. */
  public void onSelfIdLearned(Consumer<OneBotConnection> action) {
    this.onSelfIdLearned = action;
  }

  void handle(OneBotConnection connection, Buffer data) {
    long now = System.nanoTime();
    OneBotEvent event = decode(connection, data);
    if (event == null) {
      return; // a response, or rejected (counted and logged)
    }
    long selfId = event.selfId();
    if (!connection.knowsBot() && connection.learnSelfId(selfId)) {
      onSelfIdLearned.accept(connection);
    } else if (selfId != connection.selfId()) {
      // One connection speaks for one account (X-Self-ID); anything else would let a confused
      // peer create bots (and their gauges) at will.
      reject(connection, SELF_ID_MISMATCH, "event self_id " + selfId + " on a connection of bot "
          + connection.botLabel());
      return;
    }
    ClaimHold hold = connection.claimHold();
    if (hold != null && hold.intercept(data)) {
      return; // not this node's to publish until the bot's claim is answered (ClaimHold)
    }
    Bot bot = registry.bot(selfId);
    bot.heardFrom(now);
    if (event instanceof HeartbeatEvent heartbeat) {
      bot.heartbeat(now, heartbeat.interval());
    } else if (event instanceof LifecycleEvent lifecycle) {
      LOG.info("bot {}: lifecycle {} on {}", selfId, lifecycle.subType(), connection.id());
    }
    long receivedAt = System.currentTimeMillis();
    InboundEvent inbound = new InboundEvent(selfId, event.postType(), event, connection.id(),
        receivedAt, data);
    metrics.event(event.postType());
    if (!(event instanceof HeartbeatEvent)) {
      metrics.eventAge(event.time(), receivedAt);
    }
    if (event instanceof MessageEvent) {
      messagesPublished.increment();
    }
    String address = router.address(inbound);
    if (address != null) {
      bus.publish(address, inbound, delivery);
    }
  }

  /**
   * The frame's event, or null when it was an action response (handed to the connection) or was
   * rejected. A message event is read straight from the bytes (MessageFrameReader: no JSON tree, raw()
   * built only if read); anything it does not take goes the general way, FrameJson then EventDecoder,
   * which decide every reject. The frame is read where Vert.x put it (a heap buffer of its own per
   * frame, kept by the InboundEvent): getBytes() would copy every frame once more.
   */
  private OneBotEvent decode(OneBotConnection connection, Buffer data) {
    // Only an array the frame owns (Vert.x's copy of a single frame) is read in place: the event's
    // raw() may parse it much later (LazyFrameMap), so a borrowed one (a fragmented message's
    // assembly buffer) is copied first, as getBytes() does.
    byte[] whole = VertxInternals.wholeArray(data);
    byte[] bytes = whole != null ? whole : data.getBytes();
    int offset = 0;
    int length = bytes.length;
    MessageEvent message = MessageFrameReader.read(bytes, offset, length);
    if (message != null) {
      return message;
    }
    Object parsed;
    try {
      parsed = FrameJson.parse(bytes, offset, length); // Json.decodeValue's result, cheaper
    } catch (DecodeException e) {
      reject(connection, RejectReason.INVALID_JSON, "not JSON: " + e.getMessage());
      return null;
    }
    if (!(parsed instanceof JsonObject frame)) {
      reject(connection, RejectReason.INVALID_JSON,
          "not a JSON object: " + (parsed == null ? "null" : parsed.getClass().getSimpleName()));
      return null;
    }
    if (EventDecoder.isActionResponse(frame)) {
      connection.onResponse(frame);
      return null;
    }
    DecodeResult result = decoder.decode(frame);
    if (result instanceof DecodeResult.Rejected rejected) {
      reject(connection, rejected.reason(), rejected.detail());
      return null;
    }
    return ((DecodeResult.Decoded) result).event();
  }

  /** Message events accepted and published, over the gateway's life. */
  public long messagesPublished() {
    return messagesPublished.sum();
  }

  void tooLarge(OneBotConnection connection, int size, int limit) {
    reject(connection, RejectReason.FRAME_TOO_LARGE, (size < 0 ? "a frame" : size + " bytes")
        + " over onebot.max_frame_bytes " + limit + "; closing the connection (1009)");
  }

  /** A resource bound closes {@code connection}: counted and logged at a limited rate. */
  public void limited(OneBotConnection connection, LimitReason reason, long cap) {
    metrics.limited(reason);
    limited.warn("limit:" + reason.label(), "bot {} conn {} (from {}): closing it: unfinished"
        + " fragmented message over the {} bound ({}; onebot.{})", connection.botLabel(),
        connection.id(), connection.remote(), reason.label(),
        reason == LimitReason.FRAGMENT_TIMEOUT ? cap + " ms" : cap + " bytes",
        switch (reason) {
          case PENDING_BYTES -> "max_pending_bytes_per_connection";
          case PENDING_BYTES_TOTAL -> "max_pending_bytes_total";
          case FRAGMENT_TIMEOUT -> "fragment_timeout";
        });
  }

  void lateResponse(OneBotConnection connection, String echo) {
    limited.info("late-response", "conn {} (bot {}): response for unknown or expired echo {}"
        + " (answered after its deadline?)", connection.id(), connection.botLabel(), echo);
  }

  void connectionError(OneBotConnection connection, Throwable cause) {
    limited.warn("conn-error", "conn {} (bot {}): {}", connection.id(), connection.botLabel(),
        String.valueOf(cause));
  }

  void closed(OneBotConnection connection, String reason) {
    if (registry.closed(connection)) {
      LOG.info("bot {}: connection {} ({}) closed: {}", connection.botLabel(), connection.id(),
          connection.role().label(), reason);
    }
  }

  private void reject(OneBotConnection connection, String reason, String detail) {
    metrics.rejected(reason);
    String shortDetail = detail.length() > DETAIL_MAX ? detail.substring(0, DETAIL_MAX) + "..." : detail;
    limited.warn("reject:" + reason, "bot {} conn {}: rejected a frame ({}): {}",
        connection.botLabel(), connection.id(), reason, shortDetail);
  }
}
