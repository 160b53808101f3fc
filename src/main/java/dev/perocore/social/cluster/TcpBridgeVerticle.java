package dev.perocore.social.cluster;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event bus bridge (vertx-tcp-eventbus-bridge; 4-byte length + JSON frames). Out: {@code
 * social.events.*}, and — when this node's brain requests leave the process ({@code brain.local:
 * false}) — the brain's three addresses, so a client can serve them ({@link #BRAIN_ADDRESSES}). In:
 * only {@code social.brain}, and replies to the messages a client received (the bridge keeps
 * their reply addresses per connection; a reply needs no permission of its own but must carry
 * the token like every frame). Every frame a client sends must carry {@code headers.token} equal
 * to {@code bridge.token}, or it is refused (the client gets an error frame, "blocked by
 * bridgeEvent handler"); a frame for an address outside those is refused by the bridge
 * ("access_denied"). Both are counted in {@code social_bridge_frames_refused_total{reason}}
 * ({@code token}, {@code address}). When clients may serve the brain, {@code
 * social_bridge_brain_clients} counts the connections registered for {@code social.brain}.
 */
public final class TcpBridgeVerticle extends GuardedVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(TcpBridgeVerticle.class);
  /** Frames a client sends; each must carry the token. */
  private static final Set<BridgeEventType> CHECKED = Set.of(BridgeEventType.SEND,
      BridgeEventType.PUBLISH, BridgeEventType.REGISTER, BridgeEventType.UNREGISTER);

  /** What a client serving the brain registers for (when brain requests leave the process). */
  public static final String BRAIN_ADDRESSES = "social\\.brain(\\.summarize|\\.request)?";
  /** Where the event bus sends replies (Vert.x 5: {@code __vertx.reply.<id>}). */
  private static final String REPLY_PREFIX = "__vertx.reply.";
  private static final String INBOUND = "social.brain";
  private static final String EVENTS = "social\\.events\\..+";

  private final BridgeConfig config;
  private final boolean serveBrain;
  private final byte[] token;
  private volatile TcpEventBusBridge bridge;
  private Counter refusedToken;
  private Counter refusedAddress;
  /** Connections registered for social.brain: read by the gauge from the scrape thread. */
  private final Set<NetSocket> brainClients = ConcurrentHashMap.newKeySet();

  /** A bridge for subscribers only: the brain's addresses stay closed. */
  public TcpBridgeVerticle(Guard guard, Duration drainTimeout, BridgeConfig config) {
    this(guard, drainTimeout, config, false);
  }

  /**
   * @param serveBrain whether clients may register for the brain's addresses: only when this
   *     node's brain requests travel as JSON ({@code brain.local: false}); a local brain's records
   *     could not be written to a client, and the client would take every other request
   */
  public TcpBridgeVerticle(Guard guard, Duration drainTimeout, BridgeConfig config,
      boolean serveBrain) {
    super(guard, drainTimeout);
    this.config = config;
    this.serveBrain = serveBrain;
    this.token = config.token().orElse("").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String name() {
    return "tcp-bridge";
  }

  @Override
  protected Future<?> begin() {
    refusedToken = refusedCounter("token");
    refusedAddress = refusedCounter("address");
    BridgeOptions options = new BridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(INBOUND))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(EVENTS));
    if (serveBrain) {
      options.addOutboundPermitted(new PermittedOptions().setAddressRegex(BRAIN_ADDRESSES));
      Gauge.builder("social.bridge.brain.clients", brainClients, Set::size)
          .description("TCP bridge connections serving social.brain (brain.local: false; without"
              + " a cluster, 0 means no one answers: NoBrainNode)")
          .register(guard.registry());
    }
    bridge = TcpEventBusBridge.create(vertx, options, new NetServerOptions(), this::check);
    return bridge.listen(config.port(), config.host()).onSuccess(b -> {
      LOG.info("tcp bridge on {}:{}: out social.events.*{}, in social.brain, token required",
          config.host(), config.port(), serveBrain ? " and social.brain (clients may serve it)"
              : "");
    });
  }

  private Counter refusedCounter(String reason) {
    return Counter.builder("social.bridge.frames.refused").tag("reason", reason)
        .description("TCP bridge frames refused: a missing or wrong headers.token (token), an"
            + " address the bridge does not permit (address)")
        .register(guard.registry());
  }

  @Override
  protected Future<?> stopIntake() {
    TcpEventBusBridge b = bridge;
    return b == null ? Future.succeededFuture() : b.close();
  }

  private void check(BridgeEvent event) {
    if (!CHECKED.contains(event.type())) {
      event.complete(true);
      return;
    }
    JsonObject raw = event.getRawMessage();
    JsonObject headers = raw == null ? null : raw.getJsonObject("headers");
    String given = headers == null ? null : headers.getString("token");
    boolean ok = given != null && MessageDigest.isEqual(token,
        given.getBytes(StandardCharsets.UTF_8));
    if (ok) {
      // The token stays on the bridge: it is not forwarded to the consumers. A codec name would
      // make the bus look up a codec the client cannot know (an exception, not an answer).
      headers.remove("token");
      headers.remove("codecName");
      event.setRawMessage(raw);
      String address = raw.getString("address");
      if (!permitted(event.type(), address)) {
        refusedAddress.increment(); // the bridge answers "access_denied"
      } else if (serveBrain && INBOUND.equals(address)) {
        servingBrain(event.type(), event.socket());
      }
    } else {
      refusedToken.increment();
    }
    event.complete(ok);
  }

  /** The bridge closes a connection's consumers with it; the count follows. */
  private void servingBrain(BridgeEventType type, NetSocket socket) {
    if (type == BridgeEventType.REGISTER && brainClients.add(socket)) {
      socket.closeHandler(v -> brainClients.remove(socket));
    } else if (type == BridgeEventType.UNREGISTER) {
      brainClients.remove(socket);
    }
  }

  /** The bridge's own rule, mirrored only to count what it denies. */
  private boolean permitted(BridgeEventType type, String address) {
    if (address == null) {
      return true; // the bridge answers "missing_address"
    }
    boolean outbound = type == BridgeEventType.REGISTER || type == BridgeEventType.UNREGISTER;
    if (outbound) {
      return address.matches(EVENTS) || (serveBrain && address.matches(BRAIN_ADDRESSES));
    }
    return address.equals(INBOUND) || address.startsWith(REPLY_PREFIX);
  }
}
