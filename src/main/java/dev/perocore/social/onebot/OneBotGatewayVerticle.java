package dev.perocore.social.onebot;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.Backpressure;
import dev.perocore.social.guard.LoopBacklog;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.LocalCodec;
import dev.perocore.social.guard.OwnerContext;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.onebot.impl.AccessTokenCheck;
import dev.perocore.social.onebot.impl.ActionDispatch;
import dev.perocore.social.onebot.impl.Bot;
import dev.perocore.social.onebot.impl.BotRegistry;
import dev.perocore.social.onebot.impl.ClaimHold;
import dev.perocore.social.onebot.impl.ConnectionLimits;
import dev.perocore.social.onebot.impl.ForwardConnector;
import dev.perocore.social.onebot.impl.InboundPipeline;
import dev.perocore.social.onebot.impl.OneBotConnection;
import dev.perocore.social.onebot.impl.OneBotMetrics;
import dev.perocore.social.onebot.impl.OwnerGate;
import dev.perocore.social.onebot.impl.PacerClock;
import dev.perocore.social.onebot.impl.ReverseUpgrade;
import dev.perocore.social.onebot.impl.SendPacer;
import dev.perocore.social.onebot.impl.SocketPause;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OneBot v11 gateway: accepts reverse WebSocket connections (mounted on the service's router
 * with {@link #mount}), keeps forward connections ({@code onebot.forward}), publishes every accepted
 * event on the event bus ({@link OneBotAddresses}, chosen by a pluggable {@link EventRouter}), and
 * sends actions — paced, correlated by echo, bounded by a deadline — for any verticle, directly
 * ({@link #call}) or over the event bus ({@link OneBotActions}).
 *
 * <p>Threads: each connection's frames are parsed and published on its own event loop (the one that
 * accepted it; for a forward connection, its connector's, one per target in turn); the bot registry
 * and dedupe cache are lock-free and shared. Actions, pacing and the watchdog run on this
 * verticle's context. Deploy exactly one instance.
 *
 * <p>Wiring by the app: {@code OneBotGatewayVerticle.tune(httpServerOptions, config)} before
 * creating the service HTTP server, deploy the verticle, then {@code gateway.mount(router)}; at
 * start-up call {@code config.checkExposure(httpHost)} and refuse to start if it throws.
 */
public final class OneBotGatewayVerticle extends GuardedVerticle {

  /** The reverse WebSocket paths served; null = role from X-Client-Role (Universal if absent). */
  public static final String PATH_UNIVERSAL = "/onebot/v11/ws";
  public static final String PATH_EVENT = "/onebot/v11/ws/event";
  public static final String PATH_API = "/onebot/v11/ws/api";
  public static final String PATH_PEROCORE = "/api/social/ws";

  private static final Logger LOG = LoggerFactory.getLogger(OneBotGatewayVerticle.class);

  private final OneBotConfig config;
  private final OneBotMetrics metrics;
  private final AccessTokenCheck tokens;
  private final Function<Vertx, PacerClock> pacerClock;
  private final RateLimitedLog limited = new RateLimitedLog(LOG, Duration.ofSeconds(30));
  /** Set once at start, before any connector runs; read from their loops. */
  private volatile List<ForwardConnector> forwards = List.of();
  private volatile EventRouter router;
  private volatile boolean accepting;
  private BotRegistry registry;
  private InboundPipeline pipeline;
  private Context context;
  private MessageConsumer<JsonObject> actionConsumer;
  private WebSocketClient forwardClient;
  private long watchdog = -1;
  private final ConnectionLimits limits;
  private final ReverseUpgrade upgrades;
  private ActionDispatch actions;
  private volatile Set<Long> keptBots = Set.of();
  private long limitsSweep = -1;
  private final SocketPause pause;
  /** Bot ownership across full nodes; null (the default, no cluster): no claim is ever made. */
  private volatile OwnerGate owners;

  public OneBotGatewayVerticle(Guard guard, Duration drainTimeout, OneBotConfig config) {
    this(guard, drainTimeout, config, EventRouter.byPostType());
  }

  public OneBotGatewayVerticle(Guard guard, Duration drainTimeout, OneBotConfig config,
      EventRouter router) {
    this(guard, drainTimeout, config, router, PacerClock::of);
  }

  /** With the clock outbound pacing runs on, made from the deployed Vert.x (tests drive one). */
  public OneBotGatewayVerticle(Guard guard, Duration drainTimeout, OneBotConfig config,
      EventRouter router, Function<Vertx, PacerClock> pacerClock) {
    super(guard, drainTimeout);
    this.config = config;
    this.router = router;
    this.pacerClock = pacerClock;
    this.metrics = new OneBotMetrics(guard.registry());
    this.pause = new SocketPause(guard.registry());
    this.tokens = new AccessTokenCheck(config.accessToken());
    this.limits = new ConnectionLimits(config.limits(), metrics);
    this.upgrades = new ReverseUpgrade(tokens, limits, metrics, limited, () -> accepting,
        config.limits().maxConnections(), this::openReverse);
  }

  /** Bots never forgotten however long they are away (the app passes {@code session.bots}). */
  public void keepBots(Set<Long> selfIds) {
    keptBots = Set.copyOf(selfIds);
    if (registry != null) {
      registry.keep(keptBots);
    }
  }

  /**
   * Bots the configuration names: their {@code social_onebot_bot_up} (0) and heartbeat gauges
   * exist before they connect, so an alert sees a bot that never (re)connects.
   */
  public void expectBots(Collection<Long> selfIds) {
    selfIds.forEach(metrics::expectBot);
  }

  /**
   * Stops reading every socket while {@code pressure} is engaged (the store's write queue above
   * high-water) and reads again once it lets go; see {@link SocketPause}. Call before deploying.
   */
  public void followPressure(Backpressure pressure) {
    pause.follow(pressure);
  }

  /**
   * Serves a bot only once this node holds its claim (a cluster of full nodes, issue 17): the
   * reverse upgrade's X-Self-ID or a forward connection's first naming of its bot is claimed; a
   * bot held by another live node is refused with 1008 naming it. Call before deploying.
   */
  public void owners(BotOwners claims) {
    // A bot the registry knows keeps its claim: only forgetting it (or stopping) gives it up.
    this.owners = new OwnerGate(claims, metrics, id -> registry != null && registry.find(id) != null);
  }

  /**
   * Puts a socket's next read off while {@code backlog} says an event loop is behind (more tasks
   * waiting than {@code onebot.read_backlog_max}); see {@link SocketPause}. Call before deploying.
   */
  public void followLoops(LoopBacklog backlog) {
    pause.followLoops(backlog);
  }

  /** Sets the HTTP server's WebSocket limits to {@code onebot.max_frame_bytes}. */
  public static HttpServerOptions tune(HttpServerOptions options, OneBotConfig config) {
    return options
        .setMaxWebSocketFrameSize(config.maxFrameBytes())
        .setMaxWebSocketMessageSize(config.maxFrameBytes());
  }

  @Override
  public String name() {
    return "onebot-gateway";
  }

  @Override
  protected Future<?> begin() {
    context = vertx.getOrCreateContext();
    registry = new BotRegistry(config, pacerClock.apply(vertx), metrics);
    registry.keep(keptBots);
    pause.attach(registry);
    actions = new ActionDispatch(vertx, tasks, config, metrics, limited, LOG);
    try {
      vertx.eventBus().registerCodec(new LocalCodec<>(InboundEvent.class));
    } catch (IllegalStateException alreadyRegistered) {
      // A previous gateway on this Vert.x registered it; the codec is stateless.
    }
    pipeline = new InboundPipeline(registry, metrics, vertx.eventBus(),
        LocalCodec.nameOf(InboundEvent.class), router);
    pipeline.onSelfIdLearned(this::learned);
    // Local: on a cluster a node's actions go to its own bots' connections only (issue 17).
    actionConsumer = vertx.eventBus().localConsumer(OneBotAddresses.ACTION, message -> {
      ActionRequest request;
      try {
        request = ActionRequest.fromJson(message.body());
      } catch (IllegalArgumentException | ClassCastException e) {
        message.fail(OneBotActions.CODE_BAD_REQUEST,
            OneBotActions.failureMessage(new IllegalArgumentException(e.getMessage()), null));
        return;
      }
      call(request).onComplete(result -> {
        if (result.succeeded()) {
          message.reply(result.result().toJson());
        } else {
          message.fail(OneBotActions.failureCode(result.cause()),
              OneBotActions.failureMessage(result.cause(), request));
        }
      });
    });
    long every = Math.max(50, Math.min(1000, config.pingInterval().toMillis() / 2));
    watchdog = vertx.setPeriodic(every, id -> watch());
    limitsSweep = vertx.setPeriodic(limits.sweepEveryMs(), id -> {
      List<Long> forgotten = limits.sweep(registry, pipeline);
      OwnerGate gate = owners;
      if (gate != null) {
        forgotten.forEach(gate::forgotten);
      }
    });
    if (!config.forward().isEmpty()) {
      forwardClient = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxFrameSize(config.maxFrameBytes())
          .setMaxMessageSize(config.maxFrameBytes()));
      // Each target on its own event loop, in turn, as the service server's instances spread
      // reverse connections: a connection is read on the loop it was connected from.
      List<EventLoop> loops = VertxInternals.eventLoops(vertx);
      List<ForwardConnector> connectors = new ArrayList<>();
      for (ForwardTarget target : config.forward()) {
        Context home = VertxInternals.contextOn(vertx, loops.get(connectors.size() % loops.size()));
        connectors.add(new ForwardConnector(vertx, home, forwardClient, target,
            tasks, config.reconnectMin(), config.reconnectMax(), config.actionTimeout(),
            this::openForward));
      }
      // All made before any starts: a connector's loop reads the list (learned) at once.
      forwards = List.copyOf(connectors);
      forwards.forEach(ForwardConnector::start);
    }
    accepting = true;
    LOG.info("OneBot gateway started: token {}, {} forward target(s), max frame {} bytes,"
            + " action timeout {} ms", tokens.required() ? "required" : "NOT required",
        config.forward().size(), config.maxFrameBytes(), config.actionTimeout().toMillis());
    return actionConsumer.completion();
  }

  /**
   * The first step of a shutdown, before anything downstream stops: refuses new connections, stops
   * the forward connectors and pauses every open connection. Completes once no connection will hand
   * on another frame, so the sessions and the store can drain all that was read. The connections
   * stay open (their actions still work) until the gateway itself stops.
   */
  public Future<Void> stopReading() {
    if (context == null) {
      return Future.succeededFuture();
    }
    if (Vertx.currentContext() != context) {
      return OwnerContext.call(context, this::stopReading);
    }
    accepting = false;
    // The connectors first: each stops reconnecting and pauses its connection on its own loop; one
    // that opened meanwhile is then in the registry (and paused below), one opening later closed.
    return tasks.track("onebot.stop_reading", "forward connectors and open connections",
        stopForwards().compose(v -> {
          List<Future<Void>> paused = new ArrayList<>();
          for (OneBotConnection connection : registry.openConnections()) {
            paused.add(connection.pauseReading());
          }
          return Future.all(paused).<Void>map(all -> {
            LOG.info("onebot gateway: stopped reading: {} connection(s) paused, new"
                + " connections refused; {} message event(s) received so far", paused.size(),
                pipeline.messagesPublished());
            return null;
          });
        }));
  }

  /** Stops every forward connector on its own context; completes here once all have. */
  private Future<Void> stopForwards() {
    List<Future<Void>> stopped = new ArrayList<>();
    forwards.forEach(connector -> stopped.add(connector.stop()));
    return Future.all(stopped).mapEmpty();
  }

  @Override
  protected Future<?> stopIntake() {
    accepting = false;
    if (watchdog >= 0) {
      vertx.cancelTimer(watchdog);
    }
    if (limitsSweep >= 0) {
      vertx.cancelTimer(limitsSweep);
    }
    return stopForwards().compose(v -> {
      for (Bot bot : registry.bots()) {
        bot.pacer().failAll("the gateway is stopping");
      }
      List<OneBotConnection> open = List.copyOf(registry.openConnections());
      for (OneBotConnection connection : open) {
        connection.close((short) 1001, "gateway stopping");
      }
      LOG.info("onebot gateway: closed {} connection(s); {} message event(s) received in all",
          open.size(), pipeline.messagesPublished());
      return actionConsumer == null ? Future.<Void>succeededFuture()
          : actionConsumer.unregister();
    });
  }

  @Override
  protected Future<?> release() {
    try {
      vertx.eventBus().unregisterCodec(LocalCodec.nameOf(InboundEvent.class));
    } catch (RuntimeException ignored) {
      // not registered
    }
    return forwardClient == null ? Future.succeededFuture() : forwardClient.close();
  }

  /** Replaces the event router (e.g. the session layer's sharding router). */
  public void router(EventRouter router) {
    this.router = router;
    if (pipeline != null) {
      pipeline.router(router);
    }
  }

  /**
   * Mounts the reverse WebSocket endpoints on the service router: {@value #PATH_UNIVERSAL}
   * (Universal, or the role in X-Client-Role), {@value #PATH_EVENT}, {@value #PATH_API}, and
   * PeroCore's {@value #PATH_PEROCORE}. Mount before any body handler.
   */
  public Router mount(Router httpRouter) {
    httpRouter.route(PATH_UNIVERSAL).handler(ctx -> upgrades.handle(ctx, null));
    httpRouter.route(PATH_UNIVERSAL + "/").handler(ctx -> upgrades.handle(ctx, null));
    httpRouter.route(PATH_EVENT).handler(ctx -> upgrades.handle(ctx, ClientRole.EVENT));
    httpRouter.route(PATH_API).handler(ctx -> upgrades.handle(ctx, ClientRole.API));
    httpRouter.route(PATH_PEROCORE).handler(ctx -> upgrades.handle(ctx, null));
    return httpRouter;
  }

  /** The bots known so far and their health, for readiness and the admin API. */
  public List<BotStatus> bots() {
    return registry == null ? List.of() : registry.statuses();
  }

  /** The status of one bot, if it was ever seen. */
  public Optional<BotStatus> bot(long selfId) {
    Bot bot = registry == null ? null : registry.find(selfId);
    return bot == null ? Optional.empty() : Optional.of(bot.status());
  }

  /**
   * Sends an action as bot {@code request.selfId()}: paced if it is a send, correlated by echo,
   * bounded by its deadline. Callbacks run on the caller's context.
   */
  public Future<ActionResult> call(ActionRequest request) {
    if (Vertx.currentContext() != context) {
      // Hop to the gateway's context; the caller's callbacks still run on the caller's context.
      return OwnerContext.call(context, () -> call(request));
    }
    Bot bot = registry.find(request.selfId());
    if (bot == null || bot.actionConnection() == null) {
      metrics.action(request.action(), "unavailable", null);
      return Future.failedFuture(bot == null
          ? BotUnavailableException.neverConnected(request.selfId(), request.action())
          : new BotUnavailableException(request.selfId(), request.action(),
              "no connection carries its actions now"));
    }
    if (!SendPacer.isPaced(request)) {
      return actions.send(bot, request);
    }
    Promise<Void> permit = Promise.promise();
    bot.pacer().submit(request, permit);
    return tasks.track("onebot.send.wait", request.action() + " bot " + request.selfId(),
            permit.future())
        .onFailure(cause -> metrics.action(request.action(), "rate_limited", null))
        .compose(v -> actions.send(bot, request));
  }

  private void openReverse(ServerWebSocket ws, ClientRole role, long selfId) {
    OwnerGate gate = owners;
    if (gate == null || !accepting) {
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
          .onFailure(cause -> LOG.debug("refusal not sent: {}", cause.toString()));
    });
  }

  /** Serves the upgraded socket; false if it was closed instead (the gateway is stopping). */
  private boolean serveReverse(ServerWebSocket ws, ClientRole role, long selfId) {
    if (!accepting) {
      // Upgraded while the gateway stopped reading: nothing will read it, so say so and close.
      ws.close((short) 1001, "gateway stopping")
          .onFailure(cause -> LOG.debug("close not sent: {}", cause.toString()));
      return false;
    }
    OneBotConnection connection = new OneBotConnection("r", ws, role, selfId,
        config.maxFrameBytes(), pipeline, limits.pending(), pause);
    connection.closedFuture().onComplete(closed -> limits.release());
    registry.opened(connection);
    connection.start();
    registry.attach(connection);
    LOG.info("bot {}: reverse connection {} open ({}, from {}, path {})", selfId, connection.id(),
        role.label(), ws.remoteAddress(), ws.path());
    announce(connection);
    return true;
  }

  private OneBotConnection openForward(WebSocket ws) {
    OneBotConnection connection = new OneBotConnection("f", ws, ClientRole.UNIVERSAL,
        BotIds.UNKNOWN, config.maxFrameBytes(), pipeline, limits.pending(), pause);
    if (owners != null) {
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
  private void learned(OneBotConnection connection) {
    OwnerGate gate = owners;
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
        forwards.forEach(f -> f.served(connection));
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
          forwards.forEach(f -> f.ownedElsewhere(connection, refusal.reason()));
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
          new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true));
    }
  }

  private void watch() {
    long now = System.nanoTime();
    long deadNanos = config.pingInterval().toNanos() * 3;
    boolean held = pause.engaged();
    for (OneBotConnection connection : registry.openConnections()) {
      // A socket we stopped reading cannot show life: judged again from its resume. Dead means
      // silent for three intervals AND three pings gone out unanswered: after a stall of our own
      // (no ping left, no pong could come) a live peer gets its pings before it is judged.
      long heard = Math.max(connection.lastFrameNanos(), connection.resumedNanos());
      if (!connection.readingPaused() && now - heard > deadNanos
          && connection.pingsUnanswered() >= 3) {
        LOG.warn("bot {}: connection {} sent nothing, not even a pong, for {} ms; closing it",
            connection.botLabel(), connection.id(), deadNanos / 1_000_000);
        connection.close(OneBotConnection.CLOSE_UNRESPONSIVE, "unresponsive");
      } else {
        connection.pingIfDue(now, config.pingInterval());
      }
    }
    for (Bot bot : held ? List.<Bot>of() : registry.bots()) {
      bot.silenceChanged(now).ifPresent(silent -> {
        if (silent) {
          LOG.error("bot {}: silent: no heartbeat for {} x its interval", bot.selfId(),
              config.heartbeatGrace());
        } else {
          LOG.info("bot {}: heartbeats are back", bot.selfId());
        }
      });
    }
  }
}
