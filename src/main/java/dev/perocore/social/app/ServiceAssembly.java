package dev.perocore.social.app;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.brain.BrainVerticle;
import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.LoopBacklog;
import dev.perocore.social.cluster.TcpBridgeVerticle;
import dev.perocore.social.onebot.BotOwners;
import dev.perocore.social.ops.AdminScatter;
import dev.perocore.social.onebot.BotStatus;
import dev.perocore.social.onebot.EventsPublisher;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.ops.HealthCheck;
import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.AlertsApi;
import dev.perocore.social.ops.ApiIndex;
import dev.perocore.social.ops.ChaosRoutes;
import dev.perocore.social.ops.ConsoleRoutes;
import dev.perocore.social.ops.ManagementServer;
import dev.perocore.social.ops.Readiness;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.ops.ServiceServer;
import dev.perocore.social.ops.TasksApi;
import dev.perocore.social.session.SessionAddresses;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.session.SessionShards;
import dev.perocore.social.session.admin.AdminApiVerticle;
import dev.perocore.social.session.admin.BotsApi;
import dev.perocore.social.session.backfill.BackfillVerticle;
import dev.perocore.social.session.requests.RequestDesk;
import dev.perocore.social.store.StoreVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the service together: which verticles exist, in which order, and what the service port
 * carries. The only place that knows every package.
 */
final class ServiceAssembly implements NodeAssembly {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceAssembly.class);

  private final AppConfig config;
  private final Guard guard;
  private final PrometheusMeterRegistry registry;
  private final Readiness readiness = new Readiness();
  private final ManagementServer management;
  private final StoreVerticle store;
  private final OneBotGatewayVerticle gateway;
  private final BrainVerticle brain;
  private final SessionShards sessions;
  private final RequestDesk requests;
  private final AdminApiVerticle admin;
  private final BackfillVerticle backfill;
  private volatile ServiceServer service;
  /** A cluster's full-node parts (issue 17); null without a cluster. */
  private final FullNodeParts cluster;
  private final ApiIndex apiIndex = new ApiIndex();
  private final ConsoleRoutes console = new ConsoleRoutes();

  /** Builds every verticle now, on the main thread: some constructors read files. */
  ServiceAssembly(AppConfig config, Guard guard, PrometheusMeterRegistry registry) {
    this(config, guard, registry, null);
  }

  /** With {@code manager} (cluster.enabled): bot ownership and the admin API across full nodes. */
  ServiceAssembly(AppConfig config, Guard guard, PrometheusMeterRegistry registry,
      io.vertx.core.spi.cluster.ClusterManager manager) {
    this.config = config;
    this.guard = guard;
    this.registry = registry;
    Duration drain = config.drainTimeout();
    this.management = new ManagementServer(guard, drain, config.management(), registry, readiness,
        config.managementLimits());
    this.store = new StoreVerticle(guard, config.store(), drain);
    this.gateway = new OneBotGatewayVerticle(guard, drain, config.onebot());
    this.brain = new BrainVerticle(guard, drain, config.brain());
    this.sessions = new SessionShards(guard, drain, config.session(), config.brain().timeout(),
        config.onebot(), store::store,
        config.cluster().brainLocal() ? brain::brainKind
            : () -> config.cluster().enabled() ? "cluster" : "bridge", config.eventLoops());
    gateway.router(sessions.router());
    sessions.followBots(gateway::bots);
    gateway.followPressure(store.pressure());
    gateway.followLoops(LoopBacklog.of(guard.vertx(),
        config.onebot().limits().readBacklogMax()));
    gateway.keepBots(config.session().bots().keySet());
    gateway.expectBots(config.session().bots().keySet());
    KnownTasks.register(guard);
    this.backfill = new BackfillVerticle(guard, drain, config.backfill(), config.onebot(),
        store::store, gateway::bots, config.session().storeTimeout());
    this.requests = new RequestDesk(guard, drain, config.requests(), config.onebot(), store::store);
    this.admin = new AdminApiVerticle(guard, drain, config.onebot(), store::store,
        sessions.directory(), requests, java.nio.file.Path.of(config.store().path()))
        .mediaDir(config.session().media().dir());
    this.cluster = manager == null ? null : new FullNodeParts(config, guard, manager);
    if (cluster != null) {
      gateway.owners(cluster.claims());
      admin.scatter(cluster.scatter());
    }
    readiness.require("store", () -> store.unready().map(HealthCheck::down)
        .orElseGet(() -> HealthCheck.up("open: " + config.store().path())));
    readiness.advise("onebot", this::botsCheck);
  }

  @Override
  public Readiness readiness() {
    return readiness;
  }

  /** The live sessions (published by the session verticles; read by the admin API and demo). */
  SessionDirectory sessions() {
    return sessions.directory();
  }

  /** The management port actually bound; after deployment. */
  int managementPort() {
    return management.actualPort();
  }

  /** The service port actually bound (http.port may be 0); after deployment. */
  int servicePort() {
    return service.actualPort();
  }

  /** Shutdown's first step, before the components stop in reverse: no socket is read any more. */
  @Override
  public Future<Void> stopReading() {
    return gateway.stopReading();
  }

  /** Deployment order; shutdown runs it backwards. */
  @Override
  public List<Component> components() {
    List<Component> list = new ArrayList<>();
    list.add(Component.single(management.name(), () -> management));
    list.add(Component.single(store.name(), () -> store));
    if (cluster != null) {
      // Before the gateway, so it stops after it: claims go once no connection is served.
      list.add(Component.single(cluster.owners().name(), cluster::owners));
    }
    list.add(Component.single(gateway.name(), () -> gateway));
    if (config.cluster().brainLocal()) {
      list.add(Component.single(brain.name(), () -> brain));
    }
    sessions.verticles().forEach(shard -> list.add(Component.single(shard.name(), () -> shard)));
    list.add(Component.single(backfill.name(), () -> backfill));
    list.add(Component.single(requests.name(), () -> requests));
    list.add(Component.single(admin.name(), () -> admin));
    if (cluster != null) {
      list.add(Component.single(cluster.fullNodes().name(), cluster::fullNodes));
      list.add(Component.single(cluster.scatter().name(), cluster::scatter));
    }
    // Someone can listen only on a cluster or through the bridge: otherwise nothing is published.
    if (config.cluster().enabled() || config.bridge().enabled()) {
      List<String> published = new ArrayList<>(IntStream.range(0, sessions.count())
          .mapToObj(SessionAddresses::shard).toList());
      published.add(SessionAddresses.REQUESTS);
      EventsPublisher events = new EventsPublisher(guard, config.drainTimeout(), published);
      list.add(Component.single(events.name(), () -> events));
    }
    if (config.bridge().enabled()) {
      TcpBridgeVerticle bridge = new TcpBridgeVerticle(guard, config.drainTimeout(),
          config.bridge(), !config.cluster().brainLocal());
      list.add(Component.single(bridge.name(), () -> bridge));
    }
    ServiceServer service =
        new ServiceServer(guard, config.drainTimeout(), config.http(), serviceRoutes(),
            config.httpLimits());
    this.service = service;
    list.add(Component.single(service.name(), () -> service));
    return list;
  }

  /** What the service port carries, in mounting order (the API contract test mounts them too). */
  List<RouteMount> serviceRoutes() {
    List<RouteMount> mounts = new ArrayList<>();
    // OneBot peers authenticate with onebot.access_token, so their routes sit outside /api/v1.
    mounts.add(new RouteMount() {
      @Override
      public void mount(Vertx vertx, Router router) {
        gateway.mount(router);
      }

      @Override
      public void configure(HttpServerOptions options) {
        OneBotGatewayVerticle.tune(options, config.onebot());
      }
    });
    mounts.add(new AdminAuth(config.adminToken()));
    mounts.add(new TasksApi(guard, cluster == null ? null : cluster.scatter()));
    mounts.addAll(admin.mounts());
    mounts.add(apiIndex);
    mounts.add(new BotsApi(gateway::bots, backfill::state));
    mounts.add(new AlertsApi(registry));
    mounts.add(console);
    if (config.debugChaos()) {
      LOG.warn("debug.chaos is on: POST /api/v1/debug/block can block an event loop on purpose");
      mounts.add(new ChaosRoutes(this::protectedLoops));
    }
    return mounts;
  }

  private Set<EventLoop> protectedLoops() {
    EventLoop loop = management.eventLoop();
    return loop == null ? Set.of() : Set.of(loop);
  }

  /** Advisory: a degraded or silent bot is named, but never takes the pod out of service. */
  private HealthCheck botsCheck() {
    List<BotStatus> bots = gateway.bots();
    if (bots.isEmpty()) {
      return HealthCheck.down("no bot has connected yet");
    }
    List<String> problems = bots.stream().flatMap(b -> b.problem().stream()).toList();
    return problems.isEmpty()
        ? HealthCheck.up(bots.size() + " bot(s) up")
        : HealthCheck.down(String.join("; ", problems));
  }

  /** The store (benchmark: settles it between phases). */
  dev.perocore.social.store.Store store() {
    return store.store();
  }
}
