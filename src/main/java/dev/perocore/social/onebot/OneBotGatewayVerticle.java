package dev.perocore.social.onebot;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.Backpressure;
import dev.perocore.social.guard.LoopBacklog;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.LocalCodec;
import dev.perocore.social.guard.OwnerContext;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.onebot.impl.AccessTokenCheck;
import dev.perocore.social.onebot.impl.ActionDispatch;
import dev.perocore.social.onebot.impl.Bot;
import dev.perocore.social.onebot.impl.BotRegistry;
import dev.perocore.social.onebot.impl.ConnectionAdmission;
import dev.perocore.social.onebot.impl.ConnectionLimits;
import dev.perocore.social.onebot.impl.ConnectionWatchdog;
import dev.perocore.social.onebot.impl.ForwardConnectors;
import dev.perocore.social.onebot.impl.InboundPipeline;
import dev.perocore.social.onebot.impl.OneBotConnection;
import dev.perocore.social.onebot.impl.OneBotMetrics;
import dev.perocore.social.onebot.impl.OwnerGate;
import dev.perocore.social.onebot.impl.PacerClock;
import dev.perocore.social.onebot.impl.ReverseUpgrade;
import dev.perocore.social.onebot.impl.SendPacer;
import dev.perocore.social.onebot.impl.SocketPause;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerOptions;
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
 * is lock-free and shared (there is no dedupe cache: the store's identity index decides what is a
 * redelivery, see the package notes). Actions, pacing and the watchdog run on this
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
  private final ForwardConnectors forwards;
  private volatile EventRouter router;
  private volatile boolean accepting;
  private BotRegistry registry;
  private InboundPipeline pipeline;
  private Context context;
  private MessageConsumer<JsonObject> actionConsumer;
  /** Set in begin(), read on the loops that accept sockets (ReverseUpgrade's callback). */
  private volatile ConnectionAdmission admission;
  private long watchdogTimer = -1;
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
    this.forwards = new ForwardConnectors(config);
    // The admission is made at start: no upgrade is let in before (accepting is false till then).
    this.upgrades = new ReverseUpgrade(tokens, limits, metrics, limited, () -> accepting,
        config.limits().maxConnections(),
        (ws, role, selfId) -> admission.openReverse(ws, role, selfId));
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
    admission = new ConnectionAdmission(vertx, tasks, config, metrics, registry, pipeline, limits,
        pause, forwards, () -> owners, () -> accepting, limited, LOG);
    pipeline.onSelfIdLearned(admission::learned);
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
    ConnectionWatchdog watchdog = new ConnectionWatchdog(config, registry, pause, LOG);
    watchdogTimer = vertx.setPeriodic(watchdog.everyMs(), id -> watchdog.check());
    limitsSweep = vertx.setPeriodic(limits.sweepEveryMs(), id -> {
      List<Long> forgotten = limits.sweep(registry, pipeline);
      OwnerGate gate = owners;
      if (gate != null) {
        forgotten.forEach(gate::forgotten);
      }
    });
    forwards.start(vertx, tasks, admission::openForward);
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
        forwards.stop().compose(v -> {
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

  @Override
  protected Future<?> stopIntake() {
    accepting = false;
    if (watchdogTimer >= 0) {
      vertx.cancelTimer(watchdogTimer);
    }
    if (limitsSweep >= 0) {
      vertx.cancelTimer(limitsSweep);
    }
    return forwards.stop().compose(v -> {
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
    return forwards.close();
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
}
