package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.onebot.ForwardTarget;
import dev.perocore.social.onebot.OneBotConfig;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The gateway's forward connections ({@code onebot.forward}): one {@link ForwardConnector} per
 * target, all on one WebSocket client sized to {@code onebot.max_frame_bytes}, each on an event
 * loop of its own in turn, as the service server's instances spread reverse connections (a
 * connection is read on the loop it was connected from). Started by the gateway's {@code begin};
 * no client is made when there is no target.
 */
public final class ForwardConnectors {

  private final OneBotConfig config;
  /** Set once at start, before any connector runs; read from their loops. */
  private volatile List<ForwardConnector> connectors = List.of();
  private WebSocketClient client;

  public ForwardConnectors(OneBotConfig config) {
    this.config = config;
  }

  /** Makes a connector per target and starts them; each hands its open sockets to {@code onOpen}. */
  public void start(Vertx vertx, TaskSet tasks, Function<WebSocket, OneBotConnection> onOpen) {
    if (config.forward().isEmpty()) {
      return;
    }
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(config.maxFrameBytes())
        .setMaxMessageSize(config.maxFrameBytes()));
    // Each target on its own event loop, in turn, as the service server's instances spread
    // reverse connections: a connection is read on the loop it was connected from.
    List<EventLoop> loops = VertxInternals.eventLoops(vertx);
    List<ForwardConnector> made = new ArrayList<>();
    for (ForwardTarget target : config.forward()) {
      Context home = VertxInternals.contextOn(vertx, loops.get(made.size() % loops.size()));
      made.add(new ForwardConnector(vertx, home, client, target,
          tasks, config.reconnectMin(), config.reconnectMax(), config.actionTimeout(),
          onOpen));
    }
    // All made before any starts: a connector's loop reads the list (ConnectionAdmission.learned)
    // at once.
    connectors = List.copyOf(made);
    connectors.forEach(ForwardConnector::start);
  }

  /** Stops every connector on its own context; completes here once all have. */
  public Future<Void> stop() {
    List<Future<Void>> stopped = new ArrayList<>();
    connectors.forEach(connector -> stopped.add(connector.stop()));
    return Future.all(stopped).mapEmpty();
  }

  /** {@code connection} serves its bot here: its connector's refusal episode, if any, ends. */
  public void served(OneBotConnection connection) {
    connectors.forEach(connector -> connector.served(connection));
  }

  /** {@code connection} was refused because another node owns its bot: its connector backs off. */
  public void ownedElsewhere(OneBotConnection connection, String reason) {
    connectors.forEach(connector -> connector.ownedElsewhere(connection, reason));
  }

  /** Closes the client, once the connectors are stopped and their connections closed. */
  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
