package dev.perocore.social.cluster;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import io.vertx.core.net.NetServerOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event bus bridge (vertx-tcp-eventbus-bridge; 4-byte length + JSON frames): outbound only
 * {@code social.events.*}, inbound only {@code social.brain}; every frame a client sends must carry
 * {@code headers.token} equal to {@code bridge.token}, or it is refused (the client gets an
 * error frame, "blocked by bridgeEvent handler") and counted in {@code
 * social_bridge_frames_refused_total{reason="token"}}.
 */
public final class TcpBridgeVerticle extends GuardedVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(TcpBridgeVerticle.class);
  /** Frames a client sends; each must carry the token. */
  private static final Set<BridgeEventType> CHECKED = Set.of(BridgeEventType.SEND,
      BridgeEventType.PUBLISH, BridgeEventType.REGISTER, BridgeEventType.UNREGISTER);

  private final BridgeConfig config;
  private final byte[] token;
  private volatile TcpEventBusBridge bridge;
  private Counter refused;

  public TcpBridgeVerticle(Guard guard, Duration drainTimeout, BridgeConfig config) {
    super(guard, drainTimeout);
    this.config = config;
    this.token = config.token().orElse("").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String name() {
    return "tcp-bridge";
  }

  @Override
  protected Future<?> begin() {
    refused = Counter.builder("social.bridge.frames.refused").tag("reason", "token")
        .description("TCP bridge frames refused for a missing or wrong headers.token")
        .register(guard.registry());
    BridgeOptions options = new BridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress("social.brain"))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex("social\\.events\\..+"));
    bridge = TcpEventBusBridge.create(vertx, options, new NetServerOptions(), this::check);
    return bridge.listen(config.port(), config.host()).onSuccess(b -> {
      LOG.info("tcp bridge on {}:{}: out social.events.*, in social.brain, token required",
          config.host(), config.port());
    });
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
      // The token stays on the bridge: it is not forwarded to the consumers.
      headers.remove("token");
      event.setRawMessage(raw);
    } else {
      refused.increment();
    }
    event.complete(ok);
  }
}
