package dev.perocore.social.sim;

import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.onebot.message.Segment;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NapCat-shaped OneBot v11 implementation, for tests, the demo and the benchmark. It plays the
 * bot's side: connects to the gateway by reverse WebSocket (Universal, or split Event + API
 * connections) or serves forward WebSocket; sends a lifecycle event and heartbeats; sends private
 * and group messages from many users and groups in either message format, one by one or at a
 * chosen rate; answers actions as told ({@link ActionBehaviour}); and misbehaves on command:
 * garbage frames, duplicated messages, dropped events, a dropped connection.
 *
 * <p>Everything is non-blocking and thread-safe; call it from tests' main thread or any context.
 */
public final class OneBotSimulator {

  private static final Logger LOG = LoggerFactory.getLogger(OneBotSimulator.class);

  private final Vertx vertx;
  private final long selfId;
  private final AtomicLong messageIds;
  private final AtomicInteger formatTurn = new AtomicInteger();
  private final AtomicInteger duplicateNext = new AtomicInteger();
  private final AtomicInteger dropNext = new AtomicInteger();
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicLong sentMessageIds = new AtomicLong(900_000);
  private final Map<String, ActionBehaviour> behaviours = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<JsonObject> actions = new ConcurrentLinkedQueue<>();
  private final List<WebSocketBase> eventLinks = new CopyOnWriteArrayList<>();
  private final List<WebSocketBase> apiLinks = new CopyOnWriteArrayList<>();
  private final Map<WebSocketBase, Context> linkContexts = new ConcurrentHashMap<>();
  private volatile ActionBehaviour defaultBehaviour = ActionBehaviour.ok();
  private volatile MessageFormat format = MessageFormat.ARRAY;
  private volatile Duration heartbeatInterval = Duration.ofSeconds(30);
  private volatile Optional<String> token = Optional.empty();
  private volatile TokenStyle tokenStyle = TokenStyle.BEARER;
  private volatile int users = 50;
  private volatile int groups = 10;
  private WebSocketClient client;
  private HttpServer forwardServer;
  private long heartbeatTimer = -1;
  private long trafficTimer = -1;

  public OneBotSimulator(Vertx vertx, long selfId) {
    this.vertx = vertx;
    this.selfId = selfId;
    this.messageIds = new AtomicLong(selfId % 100_000 * 1_000_000L + 1);
  }

  // ---- settings ---------------------------------------------------------------------------------

  public OneBotSimulator token(String token, TokenStyle style) {
    this.token = Optional.ofNullable(token);
    this.tokenStyle = style;
    return this;
  }

  public OneBotSimulator format(MessageFormat format) {
    this.format = format;
    return this;
  }

  /** Heartbeat period announced and kept; zero turns heartbeats off. */
  public OneBotSimulator heartbeat(Duration interval) {
    this.heartbeatInterval = interval;
    return this;
  }

  /** How many distinct users and groups generated traffic comes from. */
  public OneBotSimulator population(int users, int groups) {
    this.users = Math.max(1, users);
    this.groups = Math.max(1, groups);
    return this;
  }

  public OneBotSimulator answer(String action, ActionBehaviour behaviour) {
    behaviours.put(action, behaviour);
    return this;
  }

  public OneBotSimulator answerAll(ActionBehaviour behaviour) {
    behaviours.clear();
    defaultBehaviour = behaviour;
    return this;
  }

  public long selfId() {
    return selfId;
  }

  // ---- connecting -------------------------------------------------------------------------------

  /**
   * Connects one Universal reverse WebSocket to {@code ws://127.0.0.1:port/path} and sends the
   * lifecycle event (and heartbeats, if on) on it.
   */
  public Future<WebSocketBase> connectUniversal(int port, String path) {
    return connectAs(port, path, "Universal", true, true);
  }

  /**
   * Connects one reverse WebSocket with X-Client-Role {@code role} (null = no header), used for
   * events and/or actions as told.
   */
  public Future<WebSocketBase> connectAs(int port, String path, String role, boolean events,
      boolean api) {
    return connect(port, path, role).map(ws -> {
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

  /** Connects split roles: an Event connection and an API connection. */
  public Future<Void> connectSplit(int port, String eventPath, String apiPath) {
    return connect(port, eventPath, "Event").compose(events -> {
      eventLinks.add(events);
      connected(events);
      return connect(port, apiPath, "API");
    }).map(api -> {
      apiLinks.add(api);
      return null;
    });
  }

  /**
   * Opens one reverse WebSocket with the given X-Client-Role (null = header absent) and answers
   * on it; fails with the HTTP status if the upgrade is refused. Does not send lifecycle.
   */
  public Future<WebSocketBase> connect(int port, String path, String role) {
    if (client == null) {
      client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
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
      ws.textMessageHandler(text -> onAction(ws, text));
      ws.closeHandler(v -> {
        eventLinks.remove(ws);
        apiLinks.remove(ws);
      });
      return (WebSocketBase) ws;
    });
  }

  /** Serves forward WebSocket on 127.0.0.1:{@code port} (0 = any); completes with the port. */
  public Future<Integer> serveForward(int port) {
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setMaxWebSocketFrameSize(64 * 1024 * 1024).setMaxWebSocketMessageSize(64 * 1024 * 1024);
    return vertx.createHttpServer(options)
        .webSocketHandshakeHandler(handshake -> {
          String auth = handshake.headers().get("Authorization");
          if (token.isPresent() && !("Bearer " + token.get()).equals(auth)) {
            handshake.reject(401).onFailure(OneBotSimulator::ignore);
          } else {
            handshake.accept().onFailure(OneBotSimulator::ignore);
          }
        })
        .webSocketHandler(ws -> {
          ws.textMessageHandler(text -> onAction(ws, text));
          ws.closeHandler(v -> {
            eventLinks.remove(ws);
            apiLinks.remove(ws);
          });
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

  /** Stops the forward server (its connections close), as when NapCat restarts. */
  public Future<Void> stopForward() {
    HttpServer server = forwardServer;
    forwardServer = null;
    dropConnections();
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Closes every connection cleanly (1000) and stops timers. */
  public Future<Void> close() {
    stopTraffic();
    stopHeartbeats();
    List<Future<Void>> closing = new ArrayList<>();
    for (WebSocketBase ws : links()) {
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
  public void dropConnections() {
    stopHeartbeats();
    for (WebSocketBase ws : links()) {
      if (ws instanceof WebSocketInternal internal) {
        internal.channelHandlerContext().channel().close(); // TCP close, no close frame
      } else {
        ws.close((short) 1006, "dropped").onFailure(OneBotSimulator::ignore);
      }
    }
    eventLinks.clear();
    apiLinks.clear();
  }

  /**
   * Stops reading from every connection (the process hangs): pings go unanswered, actions
   * unread. The connections stay open at the TCP level.
   */
  public void freeze() {
    stopHeartbeats();
    stopTraffic();
    for (WebSocketBase ws : links()) {
      ws.pause();
    }
  }

  public boolean connected() {
    return !eventLinks.isEmpty() || !apiLinks.isEmpty();
  }

  // ---- events -----------------------------------------------------------------------------------

  /** A private message event from {@code userId}; not sent. */
  public JsonObject privateMessage(long userId, String text) {
    return message("private", userId, 0, text);
  }

  /** A group message event in {@code groupId} from {@code userId}; not sent. */
  public JsonObject groupMessage(long groupId, long userId, String text) {
    return message("group", userId, groupId, text);
  }

  /** A group message that @-mentions the bot. */
  public JsonObject groupMention(long groupId, long userId, String text) {
    JsonObject event = message("group", userId, groupId, text);
    Message message = Message.of(Segment.at(selfId), Segment.text(" " + text));
    boolean array = event.getValue("message") instanceof JsonArray;
    event.put("message", array ? message.toJsonArray() : message.toCqString())
        .put("raw_message", message.toCqString());
    return event;
  }

  public JsonObject heartbeatEvent() {
    return base("meta_event").put("meta_event_type", "heartbeat")
        .put("status", new JsonObject().put("online", true).put("good", true))
        .put("interval", heartbeatInterval.toMillis());
  }

  public JsonObject lifecycleEvent(String subType) {
    return base("meta_event").put("meta_event_type", "lifecycle").put("sub_type", subType);
  }

  public JsonObject pokeNotice(long groupId, long userId) {
    return base("notice").put("notice_type", "notify").put("sub_type", "poke")
        .put("group_id", groupId).put("user_id", userId).put("target_id", selfId);
  }

  public JsonObject friendRequest(long userId, String comment) {
    return base("request").put("request_type", "friend").put("user_id", userId)
        .put("comment", comment).put("flag", "flag-" + ThreadLocalRandom.current().nextLong(1L << 40));
  }

  /**
   * Sends an event on the event connection(s), honouring {@link #duplicateNext} and {@link
   * #dropNext}. Completes when written.
   */
  public Future<Void> send(JsonObject event) {
    if (dropNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      return Future.succeededFuture();
    }
    String text = event.encode();
    Future<Void> written = sendRaw(text);
    if ("message".equals(event.getString("post_type"))
        && duplicateNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      written = written.compose(v -> sendRaw(text));
    }
    return written;
  }

  /** Writes {@code text} as one text message on the first event connection, as is. */
  public Future<Void> sendRaw(String text) {
    WebSocketBase ws = eventLinks.isEmpty() ? null : eventLinks.get(0);
    if (ws == null) {
      return Future.failedFuture("simulator " + selfId + " has no event connection");
    }
    eventsSent.incrementAndGet();
    return ws.writeTextMessage(text);
  }

  /**
   * Writes {@code text} as one message split into frames of at most {@code frameChars} characters
   * (a first text frame, then continuation frames), as large messages travel.
   */
  public Future<Void> sendFragmented(String text, int frameChars) {
    WebSocketBase ws = eventLinks.isEmpty() ? null : eventLinks.get(0);
    if (ws == null) {
      return Future.failedFuture("simulator " + selfId + " has no event connection");
    }
    eventsSent.incrementAndGet();
    Future<Void> last = Future.succeededFuture();
    for (int start = 0; start < text.length(); start += frameChars) {
      int end = Math.min(text.length(), start + frameChars);
      String part = text.substring(start, end);
      boolean fin = end == text.length();
      last = ws.writeFrame(start == 0 ? WebSocketFrame.textFrame(part, fin)
          : WebSocketFrame.continuationFrame(Buffer.buffer(part), fin));
    }
    return last;
  }

  /** Sends a frame that is not JSON at all. */
  public Future<Void> sendGarbage() {
    return sendRaw("{\"post_type\": \"message\", oops" + ThreadLocalRandom.current().nextInt());
  }

  /** The next {@code n} message events are sent twice (as after a reconnect). */
  public OneBotSimulator duplicateNext(int n) {
    duplicateNext.addAndGet(n);
    return this;
  }

  /** The next {@code n} events are silently not sent. */
  public OneBotSimulator dropNext(int n) {
    dropNext.addAndGet(n);
    return this;
  }

  /** Sends random private and group messages at {@code perSecond}, until {@link #stopTraffic}. */
  public void startTraffic(double perSecond) {
    stopTraffic();
    long period = Math.max(1, (long) (1000 / Math.max(0.001, perSecond)));
    int batch = (int) Math.max(1, Math.round(perSecond * period / 1000.0));
    trafficTimer = vertx.setPeriodic(period, id -> {
      for (int i = 0; i < batch; i++) {
        send(randomMessage()).onFailure(OneBotSimulator::ignore);
      }
    });
  }

  public void stopTraffic() {
    if (trafficTimer >= 0) {
      vertx.cancelTimer(trafficTimer);
      trafficTimer = -1;
    }
  }

  /** A random private or group message from the configured population. */
  public JsonObject randomMessage() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long user = 20_000 + random.nextInt(users);
    if (random.nextInt(3) == 0) {
      return privateMessage(user, "hello #" + random.nextInt(1000));
    }
    return groupMessage(30_000 + random.nextInt(groups), user, "group chat [" + random.nextInt(1000) + "] & more");
  }

  /**
   * Writes {@code count} frames made by {@code frames} as fast as the connection accepts them
   * (respecting its write queue, never blocking); completes when all are written.
   */
  public Future<Void> blast(int count, IntFunction<String> frames) {
    WebSocketBase ws = eventLinks.isEmpty() ? null : eventLinks.get(0);
    if (ws == null) {
      return Future.failedFuture("no event connection");
    }
    Promise<Void> done = Promise.promise();
    Blaster blaster = new Blaster(ws, count, frames, done);
    // Write on the socket's own event loop: no hop per frame.
    Context context = linkContexts.get(ws);
    if (context == null) {
      blaster.pump();
    } else {
      context.runOnContext(v -> blaster.pump());
    }
    return done.future();
  }

  public long eventsSent() {
    return eventsSent.get();
  }

  // ---- actions ----------------------------------------------------------------------------------

  /** Every action received so far, in order (the frames as sent by the gateway). */
  public List<JsonObject> actionsReceived() {
    return List.copyOf(actions);
  }

  public List<JsonObject> actionsReceived(String action) {
    return actions.stream().filter(a -> action.equals(a.getString("action"))).toList();
  }

  private void onAction(WebSocketBase ws, String text) {
    JsonObject request;
    try {
      request = new JsonObject(text);
    } catch (RuntimeException e) {
      return;
    }
    actions.add(request);
    String action = request.getString("action", "");
    ActionBehaviour behaviour = behaviours.getOrDefault(action, defaultBehaviour);
    Object echo = request.getValue("echo");
    if (behaviour instanceof ActionBehaviour.Failed failed) {
      reply(ws, new JsonObject().put("status", "failed").put("retcode", failed.retcode())
          .putNull("data").put("message", failed.wording()).put("wording", failed.wording())
          .put("echo", echo));
    } else if (behaviour instanceof ActionBehaviour.Slow slow) {
      vertx.setTimer(Math.max(1, slow.delay().toMillis()), id -> reply(ws, okResponse(action, echo)));
    } else if (behaviour instanceof ActionBehaviour.Ok) {
      reply(ws, okResponse(action, echo));
    }
    // Never: no answer at all.
  }

  private JsonObject okResponse(String action, Object echo) {
    JsonObject data = switch (action) {
      case "send_private_msg", "send_group_msg", "send_msg" ->
          new JsonObject().put("message_id", sentMessageIds.incrementAndGet());
      case "get_login_info" -> new JsonObject().put("user_id", selfId).put("nickname", "sim-" + selfId);
      case "get_status" -> new JsonObject().put("online", true).put("good", true);
      default -> new JsonObject();
    };
    return new JsonObject().put("status", "ok").put("retcode", 0).put("data", data)
        .put("message", "").put("wording", "").put("echo", echo);
  }

  private static void reply(WebSocketBase ws, JsonObject response) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(response.encode()).onFailure(OneBotSimulator::ignore);
    }
  }

  // ---- internals --------------------------------------------------------------------------------

  private void connected(WebSocketBase ws) {
    ws.writeTextMessage(lifecycleEvent("connect").encode()).onFailure(OneBotSimulator::ignore);
    if (!heartbeatInterval.isZero() && heartbeatTimer < 0) {
      heartbeatTimer = vertx.setPeriodic(heartbeatInterval.toMillis(), id -> {
        for (WebSocketBase link : eventLinks) {
          if (!link.isClosed()) {
            link.writeTextMessage(heartbeatEvent().encode()).onFailure(OneBotSimulator::ignore);
          }
        }
      });
    }
  }

  private void stopHeartbeats() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
  }

  /** A write on a connection that just went away: the simulator does not care, but says so. */
  private static void ignore(Throwable cause) {
    LOG.debug("simulator write not delivered: {}", cause.toString());
  }

  private List<WebSocketBase> links() {
    List<WebSocketBase> all = new ArrayList<>(eventLinks);
    for (WebSocketBase ws : apiLinks) {
      if (!all.contains(ws)) {
        all.add(ws);
      }
    }
    return all;
  }

  private JsonObject base(String postType) {
    return new JsonObject().put("time", System.currentTimeMillis() / 1000).put("self_id", selfId)
        .put("post_type", postType);
  }

  private JsonObject message(String type, long userId, long groupId, String text) {
    long id = messageIds.getAndIncrement();
    Message message = Message.ofText(text);
    boolean array = switch (format) {
      case ARRAY -> true;
      case STRING -> false;
      case MIXED -> (formatTurn.getAndIncrement() & 1) == 0;
    };
    JsonObject sender = new JsonObject().put("user_id", userId).put("nickname", "user" + userId)
        .put("card", "").put("role", "member");
    JsonObject event = base("message").put("message_type", type)
        .put("sub_type", type.equals("group") ? "normal" : "friend")
        .put("message_id", id).put("message_seq", id).put("real_id", id)
        .put("user_id", userId)
        .put("message", array ? message.toJsonArray() : message.toCqString())
        .put("raw_message", message.toCqString())
        .put("message_format", array ? "array" : "string")
        .put("font", 14).put("sender", sender);
    if (groupId != 0) {
      event.put("group_id", groupId);
    }
    return event;
  }

  private static final class Blaster {
    private final WebSocketBase ws;
    private final int count;
    private final IntFunction<String> frames;
    private final Promise<Void> done;
    private int next;

    Blaster(WebSocketBase ws, int count, IntFunction<String> frames, Promise<Void> done) {
      this.ws = ws;
      this.count = count;
      this.frames = frames;
      this.done = done;
    }

    void pump() {
      while (next < count) {
        if (ws.isClosed()) {
          done.tryFail("connection closed after " + next + " frames");
          return;
        }
        if (ws.writeQueueFull()) {
          ws.drainHandler(v -> pump());
          return;
        }
        Future<Void> written = ws.writeTextMessage(frames.apply(next++));
        if (next == count) {
          written.onComplete(r -> done.tryComplete());
        }
      }
      if (count == 0) {
        done.tryComplete();
      }
    }
  }
}
