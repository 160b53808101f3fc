package dev.perocore.social.sim;

import dev.perocore.social.guard.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated bot's WebSocket connections to the gateway: reverse ones it opens (with its
 * X-Self-ID, role and token), forward ones it serves, and what happens on them — the lifecycle
 * event on connect, heartbeats, event writes, actions handed to the {@link ActionResponder} — and
 * the faults of a whole connection: dropped without a close frame, or frozen.
 *
 * <p>Events go to the newest event connection; actions are answered on the connection they came in.
 */
final class SimLinks {

  private static final Logger LOG = LoggerFactory.getLogger(OneBotSimulator.class);
  private static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

  private final Vertx vertx;
  private final long selfId;
  private final SimFrames frames;
  private final SimHeartbeats heartbeats;
  private final ActionResponder responder;
  private final List<WebSocketBase> eventLinks = new CopyOnWriteArrayList<>();
  private final List<WebSocketBase> apiLinks = new CopyOnWriteArrayList<>();
  private final Map<WebSocketBase, Context> linkContexts = new ConcurrentHashMap<>();
  private final AtomicLong eventsSent = new AtomicLong();
  private volatile Optional<String> token = Optional.empty();
  private volatile TokenStyle tokenStyle = TokenStyle.BEARER;
  private WebSocketClient client;
  private HttpServer forwardServer;

  SimLinks(Vertx vertx, long selfId, SimFrames frames, SimHeartbeats heartbeats,
      ActionResponder responder) {
    this.vertx = vertx;
    this.selfId = selfId;
    this.frames = frames;
    this.heartbeats = heartbeats;
    this.responder = responder;
  }

  void token(String token, TokenStyle style) {
    this.token = Optional.ofNullable(token);
    this.tokenStyle = style;
  }

  /** Connects a reverse WebSocket and registers it for events and/or actions as told. */
  Future<WebSocketBase> connectAs(int port, String path, String role, boolean events, boolean api) {
    return connect(port, path, role).map(ws -> {
      if (ws.isClosed()) {
        return ws; // refused on arrival: nothing to send events or answer actions on
      }
      if (api) {
        apiLinks.add(ws);
      }
      if (events) {
        eventLinks.add(0, ws); // the newest event connection is the one events go to
        connected(ws);
      }
      return ws;
    });
  }

  Future<Void> connectSplit(int port, String eventPath, String apiPath) {
    return connect(port, eventPath, "Event").compose(events -> {
      eventLinks.add(events);
      connected(events);
      return connect(port, apiPath, "API");
    }).map(api -> {
      apiLinks.add(api);
      return null;
    });
  }

  /** Opens one reverse WebSocket and answers actions on it; registers it nowhere else. */
  Future<WebSocketBase> connect(int port, String path, String role) {
    if (client == null) {
      client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxFrameSize(MAX_FRAME_BYTES).setMaxMessageSize(MAX_FRAME_BYTES));
    }
    String uri = path;
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).addHeader("X-Self-ID", Long.toString(selfId))
        .addHeader("User-Agent", "OneBotSimulator/1 (NapCat-shaped)");
    if (role != null) {
      options.addHeader("X-Client-Role", role);
    }
    if (token.isPresent()) {
      switch (tokenStyle) {
        case BEARER -> options.addHeader("Authorization", "Bearer " + token.get());
        case TOKEN -> options.addHeader("Authorization", "Token " + token.get());
        case QUERY -> uri = path + (path.contains("?") ? "&" : "?") + "access_token=" + token.get();
      }
    }
    options.setURI(uri);
    return client.connect(options).map(ws -> {
      linkContexts.put(ws, vertx.getOrCreateContext());
      try {
        ws.textMessageHandler(text -> responder.onAction(ws, text));
        ws.closeHandler(v -> forget(ws));
      } catch (IllegalStateException closedOnArrival) {
        // The server closed it right after the handshake (a refusal: a bot served elsewhere, a
        // policy), before this callback ran, and Vert.x takes no handler on a closed WebSocket.
        // A closed link is registered nowhere; the caller still reads its close code and reason.
        forget(ws);
      }
      return (WebSocketBase) ws;
    });
  }

  /** Serves forward WebSocket (each connection carries events and actions); completes with the port. */
  Future<Integer> serveForward(int port) {
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setMaxWebSocketFrameSize(MAX_FRAME_BYTES).setMaxWebSocketMessageSize(MAX_FRAME_BYTES);
    return vertx.createHttpServer(options)
        .webSocketHandshakeHandler(handshake -> {
          String auth = handshake.headers().get("Authorization");
          if (token.isPresent() && !("Bearer " + token.get()).equals(auth)) {
            handshake.reject(401).onFailure(SimLinks::notDelivered);
          } else {
            handshake.accept().onFailure(SimLinks::notDelivered);
          }
        })
        .webSocketHandler(ws -> {
          // The connection's own context: a blast writes there (from the caller's thread, a
          // full write queue and its drain could pass each other, and the blast would stall).
          linkContexts.put(ws, vertx.getOrCreateContext());
          ws.textMessageHandler(text -> responder.onAction(ws, text));
          ws.closeHandler(v -> forget(ws));
          eventLinks.add(ws);
          apiLinks.add(ws);
          connected(ws);
        })
        .listen()
        .map(server -> {
          forwardServer = server;
          return server.actualPort();
        });
  }

  Future<Void> stopForward() {
    HttpServer server = forwardServer;
    forwardServer = null;
    drop();
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Closes every connection cleanly (1000), the forward server and the client. */
  Future<Void> close() {
    heartbeats.stop();
    List<Future<Void>> closing = new ArrayList<>();
    for (WebSocketBase ws : all()) {
      closing.add(ws.close((short) 1000, "simulator closing"));
    }
    eventLinks.clear();
    apiLinks.clear();
    if (forwardServer != null) {
      closing.add(forwardServer.close());
    }
    if (client != null) {
      closing.add(client.close());
      client = null;
    }
    return Future.join(closing).mapEmpty();
  }

  /** Drops every connection without a close handshake (the process died, the cable was cut). */
  void drop() {
    heartbeats.stop();
    for (WebSocketBase ws : all()) {
      if (!VertxInternals.dropTcp(ws)) {
        ws.close((short) 1006, "dropped").onFailure(SimLinks::notDelivered);
      }
    }
    eventLinks.clear();
    apiLinks.clear();
  }

  /** Stops reading every connection (the process hangs); they stay open at the TCP level. */
  void freeze() {
    heartbeats.stop();
    for (WebSocketBase ws : all()) {
      ws.pause();
    }
  }

  boolean connected() {
    return !eventLinks.isEmpty() || !apiLinks.isEmpty();
  }

  /** The connection events go to, or null. */
  WebSocketBase eventLink() {
    return eventLinks.isEmpty() ? null : eventLinks.get(0);
  }

  /** The context a connection runs on (null once it is forgotten). */
  Context contextOf(WebSocketBase ws) {
    return linkContexts.get(ws);
  }

  Future<Void> sendRaw(String text) {
    WebSocketBase ws = eventLinkForOneEvent();
    if (ws == null) {
      return Future.failedFuture(noEventLink());
    }
    return ws.writeTextMessage(text);
  }

  /** The connection events go to, counting one event about to be written on it; null if none. */
  WebSocketBase eventLinkForOneEvent() {
    WebSocketBase ws = eventLink();
    if (ws != null) {
      eventsSent.incrementAndGet();
    }
    return ws;
  }

  String noEventLink() {
    return "simulator " + selfId + " has no event connection";
  }

  long eventsSent() {
    return eventsSent.get();
  }

  /** A write on a connection that just went away: the simulator does not care, but says so. */
  static void notDelivered(Throwable cause) {
    LOG.debug("simulator write not delivered: {}", cause.toString());
  }

  private void connected(WebSocketBase ws) {
    ws.writeTextMessage(frames.lifecycleEvent("connect").encode()).onFailure(SimLinks::notDelivered);
    heartbeats.start(eventLinks);
  }

  private void forget(WebSocketBase ws) {
    eventLinks.remove(ws);
    apiLinks.remove(ws);
    linkContexts.remove(ws);
  }

  private List<WebSocketBase> all() {
    List<WebSocketBase> all = new ArrayList<>(eventLinks);
    for (WebSocketBase ws : apiLinks) {
      if (!all.contains(ws)) {
        all.add(ws);
      }
    }
    return all;
  }
}
