package dev.perocore.social.session;

import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.BrainVerticle;
import dev.perocore.social.brain.RequestVerdict;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.AlertsApi;
import dev.perocore.social.ops.ApiIndex;
import dev.perocore.social.ops.ConsoleRoutes;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.ops.ServerAddress;
import dev.perocore.social.ops.ServiceServer;
import dev.perocore.social.ops.TasksApi;
import dev.perocore.social.session.admin.AdminApiVerticle;
import dev.perocore.social.session.admin.BotsApi;
import dev.perocore.social.session.requests.RequestDesk;
import dev.perocore.social.session.requests.RequestsConfig;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.store.StoreVerticle;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The service's edge for tests, as the app wires it: a real store in a temp folder, the OneBot
 * gateway, a brain (or none), the request desk and the admin API on one loopback service port,
 * plus a NapCat simulator connected by reverse WebSocket.
 */
public final class EdgeFixture implements AutoCloseable {

  public static final String TOKEN = "edge-admin-token";
  public static final long BOT = 10001;

  public final GuardedVertx guarded;
  public final Vertx vertx;
  public final StoreVerticle store;
  public final SessionDirectory sessions = new SessionDirectory();
  /** Sessions the tests publish, by shard, standing in for the shards' tables. */
  private final Map<Integer, ConcurrentMap<ChatKey, SessionDirectory.Listed>> published =
      new ConcurrentHashMap<>();
  public final RequestDesk desk;
  public final AdminApiVerticle admin;
  public final ServiceServer server;
  public final OneBotSimulator sim;
  public final WebClient http;
  public final int port;

  /**
   * @param brain the brain to deploy, or null for none (something else may listen)
   */
  public EdgeFixture(Path dir, RequestsConfig requests, BrainConfig brain) {
    guarded = GuardedVertx.with(TestConfig.defaults().guard());
    vertx = guarded.vertx;
    Duration drain = Duration.ofSeconds(2);
    OneBotConfig onebot = TestConfig.onebot(Map.of("onebot.action_timeout", "2s",
        "onebot.action_failure_limit", 3));
    StoreConfig storeConfig = TestConfig.store(Map.of("store.path", dir.resolve("data/social.db")));
    store = new StoreVerticle(guarded.guard, storeConfig, drain);
    OnContext.await(vertx.deployVerticle(store));
    OneBotGatewayVerticle gateway = new OneBotGatewayVerticle(guarded.guard, drain, onebot);
    OnContext.await(vertx.deployVerticle(gateway));
    if (brain != null) {
      OnContext.await(vertx.deployVerticle(new BrainVerticle(guarded.guard, drain, brain)));
    }
    desk = new RequestDesk(guarded.guard, drain, requests, onebot, store::store);
    OnContext.await(vertx.deployVerticle(desk));
    admin = new AdminApiVerticle(guarded.guard, drain, onebot, store::store, sessions, desk,
        Path.of(storeConfig.path()));
    OnContext.await(vertx.deployVerticle(admin));
    List<RouteMount> mounts = new ArrayList<>();
    mounts.add((v, router) -> gateway.mount(router));
    mounts.add(new AdminAuth(Optional.of(TOKEN)));
    mounts.add(new TasksApi(guarded.guard));
    mounts.addAll(admin.mounts());
    mounts.add(new ApiIndex());
    mounts.add(new BotsApi(gateway::bots, selfId -> null));
    mounts.add(new AlertsApi(guarded.guard.registry()));
    mounts.add(new ConsoleRoutes());
    server = new ServiceServer(guarded.guard, drain, new ServerAddress("127.0.0.1", 0), mounts,
        TestConfig.defaults().app().httpLimits());
    OnContext.await(vertx.deployVerticle(server));
    port = server.actualPort();
    http = WebClient.create(vertx);
    sim = new OneBotSimulator(vertx, BOT).heartbeat(Duration.ZERO);
    OnContext.await(sim.connectUniversal(port, OneBotGatewayVerticle.PATH_UNIVERSAL));
    waitFor("bot connected", () -> gateway.bot(BOT).isPresent());
  }

  public static BrainConfig echo(RequestVerdict verdict) {
    return TestConfig.brain(Map.of("brain.kind", "echo", "brain.timeout", "2s",
        "brain.persona", "", "brain.echo_verdict", verdict.name().toLowerCase(Locale.ROOT)));
  }

  public void waitFor(String what, Supplier<Boolean> condition) {
    OnContext.await(Poll.untilTrue(vertx, what, condition));
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return http.request(method, port, "127.0.0.1", path).bearerTokenAuthentication(TOKEN);
  }

  public HttpResponse<Buffer> get(String path) {
    return OnContext.await(request(HttpMethod.GET, path).send());
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return OnContext.await(request(HttpMethod.POST, path).sendJsonObject(body));
  }

  public HttpResponse<Buffer> postRaw(String path, String body) {
    return OnContext.await(request(HttpMethod.POST, path).sendBuffer(Buffer.buffer(body)));
  }

  /** Shows a session in the directory as its owner would publish it. */
  public void publish(SessionDirectory.Entry entry) {
    SessionDirectory.State state = java.util.Arrays.stream(SessionDirectory.State.values())
        .filter(s -> s.label().equals(entry.state())).findFirst().orElseThrow();
    long snapshot = SessionDirectory.snapshot(entry.lastActivityMillis(), entry.buffered(), state);
    published.computeIfAbsent(entry.shard(), shard -> {
      ConcurrentMap<ChatKey, SessionDirectory.Listed> table = new ConcurrentHashMap<>();
      sessions.addShard(shard, table);
      return table;
    }).put(entry.key(), new Published(entry.key(), snapshot));
  }

  private record Published(ChatKey key, long snapshot) implements SessionDirectory.Listed {}

  @Override
  public void close() {
    OnContext.await(sim.close());
    guarded.close();
  }
}
