package dev.perocore.social.onebot;

import dev.perocore.social.onebot.impl.PacerClock;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Vertx;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A real gateway for tests: its own Vert.x (guarded, Prometheus registry), the gateway verticle,
 * and an HTTP server on a free loopback port with the gateway's routes — as the app mounts them.
 * Collects every event published under {@code social.inbound.*}.
 */
final class GatewayFixture implements AutoCloseable {

  final GuardedVertx guarded;
  final OneBotGatewayVerticle gateway;
  final HttpServer server;
  final int port;
  final ConcurrentLinkedQueue<InboundEvent> events = new ConcurrentLinkedQueue<>();
  private final List<OneBotSimulator> sims = new ArrayList<>();

  private GatewayFixture(OneBotConfig config, Function<Vertx, PacerClock> pacerClock) {
    this(config, pacerClock, null);
  }

  private GatewayFixture(OneBotConfig config, Function<Vertx, PacerClock> pacerClock,
      BotOwners owners) {
    guarded = GuardedVertx.with(TestConfig.defaults().guard());
    gateway = new OneBotGatewayVerticle(guarded.guard, Duration.ofSeconds(2), config,
        EventRouter.byPostType(), pacerClock);
    if (owners != null) {
      gateway.owners(owners);
    }
    OnContext.await(guarded.vertx.deployVerticle(gateway));
    for (String postType : List.of("message", "notice", "request", "meta_event")) {
      OnContext.await(guarded.vertx.eventBus()
          .<InboundEvent>consumer(OneBotAddresses.INBOUND_PREFIX + postType,
              m -> events.add(m.body()))
          .completion());
    }
    Router router = Router.router(guarded.vertx);
    gateway.mount(router);
    HttpServerOptions options = OneBotGatewayVerticle.tune(
        new HttpServerOptions().setHost("127.0.0.1").setPort(0), config);
    server = OnContext.await(guarded.vertx.createHttpServer(options).requestHandler(router).listen());
    port = server.actualPort();
  }

  static GatewayFixture start(OneBotConfig config) {
    return new GatewayFixture(config, PacerClock::of);
  }

  /** A gateway whose outbound pacing runs on {@code pacerClock} (a test's manual clock). */
  static GatewayFixture start(OneBotConfig config, PacerClock pacerClock) {
    return new GatewayFixture(config, vertx -> pacerClock);
  }

  /** A gateway that claims its bots through {@code owners} (a cluster's full node). */
  static GatewayFixture start(OneBotConfig config, BotOwners owners) {
    return new GatewayFixture(config, PacerClock::of, owners);
  }

  static GatewayFixture start() {
    return start(TestConfig.defaults().onebot());
  }

  /** A simulator for {@code selfId} on this fixture's Vert.x, closed with the fixture. */
  OneBotSimulator sim(long selfId) {
    OneBotSimulator sim = new OneBotSimulator(guarded.vertx, selfId).heartbeat(Duration.ZERO);
    sims.add(sim);
    return sim;
  }

  void waitFor(String what, Supplier<Boolean> condition) {
    OnContext.await(Poll.untilTrue(guarded.vertx, what, condition));
  }

  void waitForBot(long selfId, ClientRole... roles) {
    waitFor("bot " + selfId + " connected with " + List.of(roles), () -> gateway.bot(selfId)
        .map(s -> s.roles().containsAll(List.of(roles)) && s.roles().size() == roles.length)
        .orElse(false));
  }

  List<InboundEvent> events(String postType) {
    return events.stream().filter(e -> e.postType().equals(postType)).toList();
  }

  List<InboundEvent> messages() {
    return events("message");
  }

  double counter(String name, String... tags) {
    return guarded.counter(name, tags);
  }

  double gauge(String name, String... tags) {
    return guarded.gauge(name, tags);
  }

  long timerCount(String name, String... tags) {
    var timer = guarded.registry.find(name).tags(tags).timer();
    return timer == null ? 0 : timer.count();
  }

  ActionResult call(long selfId, String action, JsonObject params) {
    return OnContext.await(gateway.call(ActionRequest.of(selfId, action, params)));
  }

  @Override
  public void close() {
    for (OneBotSimulator sim : sims) {
      try {
        OnContext.await(sim.close());
      } catch (RuntimeException | AssertionError ignored) {
        // already closed
      }
    }
    guarded.close();
  }
}
