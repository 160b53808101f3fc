package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.BotIds;
import dev.perocore.social.onebot.ClientRole;
import dev.perocore.social.onebot.OneBotAddresses;
import dev.perocore.social.onebot.OneBotConfig;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * How a socket that was let in becomes a served connection: a reverse one after its upgrade
 * ({@link ReverseUpgrade} checked its token, X-Self-ID, allow list and slot), a forward one as its
 * connector opens it ({@link ForwardConnectors}). A forward connection names its bot only later
 * (its answer to {@code get_login_info}, or its first event), and is checked against {@code
 * onebot.allowed_bots} then. Either is served only once this node holds its bot's claim ({@link
 * OwnerGate}, on a cluster of full nodes): attached in the {@link BotRegistry}, and {@link
 * OneBotAddresses#CONNECTED} told that the bot can take actions (again).
 *
 * <p>Runs on the connection's event loop: the one that accepted the upgrade, or the connector's.
 */
public final class ConnectionAdmission {

  private final Vertx vertx;
  private final TaskSet tasks;
  private final OneBotConfig config;
  private final OneBotMetrics metrics;
  private final BotRegistry registry;
  private final InboundPipeline pipeline;
  private final ConnectionLimits limits;
  private final SocketPause pause;
  private final ForwardConnectors forwards;
  private final Supplier<OwnerGate> owners;
  private final BooleanSupplier accepting;
  private final RateLimitedLog limited;
  private final Logger log;

  /**
   * @param owners the gateway's ownership gate, read at each admission; null (no cluster): no
   *     claim is ever made
   * @param accepting whether the gateway reads new connections now (false while stopping)
   * @param limited the gateway's rate-limited log (one budget for its warnings)
   * @param log the gateway's logger: operators' log filters name it for the connection lines
   */
  public ConnectionAdmission(Vertx vertx, TaskSet tasks, OneBotConfig config,
      OneBotMetrics metrics, BotRegistry registry, InboundPipeline pipeline,
      ConnectionLimits limits, SocketPause pause, ForwardConnectors forwards,
      Supplier<OwnerGate> owners, BooleanSupplier accepting, RateLimitedLog limited, Logger log) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.config = config;
    this.metrics = metrics;
    this.registry = registry;
    this.pipeline = pipeline;
    this.limits = limits;
    this.pause = pause;
    this.forwards = forwards;
    this.owners = owners;
    this.accepting = accepting;
    this.limited = limited;
    this.log = log;
  }

  /** An upgraded reverse socket, holding a slot of {@code limits}: served once its bot is claimed. */
  public void openReverse(ServerWebSocket ws, ClientRole role, long selfId) {
    OwnerGate gate = owners.get();
    if (gate == null || !accepting.getAsBoolean()) {
      serveReverse(ws, role, selfId);
      return;
    }
    // Nothing is read until the claim is answered: frames wait in the socket meanwhile.
    ws.pause();
    gate.admit(selfId, "a reverse connection from " + ws.remoteAddress(), () -> {
      if (ws.isClosed()) {
        limits.release();
        return false;
      }
      return serveReverse(ws, role, selfId);
    }, refusal -> {
      limits.release();
      ws.close(refusal.code(), refusal.reason())
          .onFailure(cause -> log.debug("refusal not sent: {}", cause.toString()));
    });
  }

  /** Serves the upgraded socket; false if it was closed instead (the gateway is stopping). */
  private boolean serveReverse(ServerWebSocket ws, ClientRole role, long selfId) {
    if (!accepting.getAsBoolean()) {
      // Upgraded while the gateway stopped reading: nothing will read it, so say so and close.
      ws.close((short) 1001, "gateway stopping")
          .onFailure(cause -> log.debug("close not sent: {}", cause.toString()));
      return false;
    }
    OneBotConnection connection = new OneBotConnection("r", ws, role, selfId,
        config.maxFrameBytes(), pipeline, limits.pending(), pause);
    connection.closedFuture().onComplete(closed -> limits.release());
    registry.opened(connection);
    connection.start();
    registry.attach(connection);
    log.info("bot {}: reverse connection {} open ({}, from {}, path {})", selfId, connection.id(),
        role.label(), ws.remoteAddress(), ws.path());
    announce(connection);
    return true;
  }

  /**
   * A forward socket its connector just opened: read at once, asked which bot it serves; served
   * once it names the bot ({@link #learned}).
   */
  public OneBotConnection openForward(WebSocket ws) {
    OneBotConnection connection = new OneBotConnection("f", ws, ClientRole.UNIVERSAL,
        BotIds.UNKNOWN, config.maxFrameBytes(), pipeline, limits.pending(), pause);
    if (owners.get() != null) {
      // It reads before it names its bot: nothing is published until the bot is claimed.
      connection.holdUntilClaimed(new ClaimHold(metrics));
    }
    registry.opened(connection);
    connection.start();
    // A forward server does not say who it is on connect: ask (an event would tell us too).
    connection.request(ActionRequest.of(BotIds.UNKNOWN, "get_login_info", new JsonObject()),
            config.actionTimeout(), tasks, vertx)
        .onSuccess(result -> {
          Object id = result.dataObject().getValue("user_id");
          long selfId = BotIds.parse(id == null ? null : String.valueOf(id));
          if (BotIds.isKnown(selfId) && connection.learnSelfId(selfId)) {
            learned(connection);
          }
        })
        .onFailure(cause -> limited.warn("login-info", "forward connection {}: get_login_info"
            + " failed ({}); waiting for an event to name the bot", connection.id(),
            cause.getMessage()));
    return connection;
  }

  /** A connection named its bot only now: attach it, unless onebot.allowed_bots says no. */
  public void learned(OneBotConnection connection) {
    OwnerGate gate = owners.get();
    ClaimHold hold = connection.claimHold();
    boolean allowed = limits.allows(connection.selfId()); // counts a refusal: ask once
    if (allowed && gate != null) {
      gate.admit(connection.selfId(), "forward connection " + connection.id(), () -> {
        if (connection.isClosed()) {
          if (hold != null) {
            hold.drop(ClaimHold.DropReason.CLOSED); // unserved: its claim goes back
          }
          return false;
        }
        registry.attach(connection);
        announce(connection);
        forwards.served(connection);
        if (hold != null) {
          hold.publish(pipeline, connection);
        }
        return true;
      }, refusal -> {
        if (hold != null) {
          hold.drop(refusal.code() == OwnerGate.CLOSE_OWNED_ELSEWHERE
              ? ClaimHold.DropReason.OWNED_ELSEWHERE : ClaimHold.DropReason.NOT_CHECKED);
        }
        if (refusal.code() == OwnerGate.CLOSE_OWNED_ELSEWHERE) {
          forwards.ownedElsewhere(connection, refusal.reason());
        }
        connection.close(refusal.code(), refusal.reason());
      });
      return;
    }
    if (hold != null) {
      hold.drop(ClaimHold.DropReason.NOT_ALLOWED);
    }
    if (allowed) {
      registry.attach(connection);
      announce(connection);
      return;
    }
    limited.warn("not-allowed", "closing connection {}: bot {} is not in onebot.allowed_bots"
        + " (1008)", connection.id(), connection.selfId());
    connection.close(OneBotConnection.CLOSE_POLICY, "bot not allowed");
  }

  /**
   * Tells {@link OneBotAddresses#CONNECTED} that a bot can take actions (again). Node-local: on a
   * cluster another full node's backfill would ask its own gateway for a bot it does not serve.
   */
  private void announce(OneBotConnection connection) {
    if (connection.knowsBot() && connection.role().carriesActions()) {
      vertx.eventBus().publish(OneBotAddresses.CONNECTED, new JsonObject()
          .put("self_id", connection.selfId()).put("connection_id", connection.id()),
          new DeliveryOptions().setLocalOnly(true));
    }
  }
}
