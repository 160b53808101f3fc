package dev.perocore.social.session;

import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.brain.BrainVerticle;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.sim.OneBotSimulator;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.Store;
import dev.perocore.social.store.StoreConfig;
import dev.perocore.social.store.StoreVerticle;
import dev.perocore.social.store.StoredMessage;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The whole inbound path in one process, over real parts: a SQLite store in a temp folder, the
 * OneBot gateway on a loopback port with the session router, a brain (the echo brain, or a
 * {@link TestBrain} on the bus), the session shards, and a NapCat-shaped simulator connected over
 * a real WebSocket.
 */
final class SessionHarness implements AutoCloseable {

  static final long SELF = 10001;

  final GuardedVertx gv;
  final StoreConfig storeConfig;
  final StoreVerticle storeVerticle;
  final TestStore store;
  final SessionShards shards;
  final OneBotGatewayVerticle gateway;
  final OneBotSimulator sim;
  final TestBrain testBrain;
  final List<String> sessionDeployments = new ArrayList<>();
  private final HttpServer server;

  /**
   * @param echoBrain deploy the real echo brain; otherwise a {@link TestBrain} answers
   */
  SessionHarness(Path dir, SessionConfig config, boolean echoBrain, Duration brainTimeout,
      Duration drain) {
    this(dir, config, echoBrain
        ? TestConfig.brain(Map.of("brain.kind", "echo", "brain.timeout", brainTimeout))
        : null, brainTimeout, drain);
  }

  /**
   * @param brainConfig the real brain verticle to deploy; null: a {@link TestBrain} answers
   */
  SessionHarness(Path dir, SessionConfig config, BrainConfig brainConfig, Duration brainTimeout,
      Duration drain) {
    this(dir, config, brainConfig, brainTimeout, drain, TestConfig.defaults().onebot());
  }

  SessionHarness(Path dir, SessionConfig config, BrainConfig brainConfig, Duration brainTimeout,
      Duration drain, OneBotConfig onebot) {
    this(dir, config, brainConfig, brainTimeout, drain, onebot, true);
  }

  /** @param connectNow false: the bot connects only at {@link #connectBot()} */
  private SessionHarness(Path dir, SessionConfig config, BrainConfig brainConfig,
      Duration brainTimeout, Duration drain, OneBotConfig onebot, boolean connectNow) {
    boolean realBrain = brainConfig != null;
    gv = GuardedVertx.with(TestConfig.guard(Map.of(
        "guard.blocked_check_interval", "50ms",
        "guard.max_event_loop_execute", "200ms",
        "guard.max_worker_execute", "2s",
        "guard.lag_probe_interval", "20ms",
        "guard.stall_after", "5s",
        "guard.liveness_block_limit", "2s")));
    storeConfig = TestConfig.store(Map.of("store.path", dir.resolve("social.db")));
    storeVerticle = new StoreVerticle(gv.guard, storeConfig, Duration.ofSeconds(5));
    OnContext.await(gv.vertx.deployVerticle(storeVerticle));
    store = new TestStore(storeVerticle::store);
    gateway = new OneBotGatewayVerticle(gv.guard, Duration.ofSeconds(2), onebot);
    OnContext.await(gv.vertx.deployVerticle(gateway));
    if (realBrain) {
      OnContext.await(gv.vertx.deployVerticle(new BrainVerticle(gv.guard, drain, brainConfig)));
    }
    shards = new SessionShards(gv.guard, drain, config, brainTimeout, onebot, () -> store,
        () -> realBrain ? brainConfig.effectiveKind().label() : "test", 4);
    gateway.router(shards.router());
    shards.followBots(gateway::bots);
    for (SessionVerticle shard : shards.verticles()) {
      sessionDeployments.add(OnContext.await(gv.vertx.deployVerticle(shard)));
    }
    testBrain = realBrain ? null : new TestBrain(gv.vertx);
    Router router = Router.router(gv.vertx);
    gateway.mount(router);
    HttpServerOptions options = OneBotGatewayVerticle.tune(
        new HttpServerOptions().setHost("127.0.0.1").setPort(0), onebot);
    server = OnContext.await(gv.vertx.createHttpServer(options).requestHandler(router).listen());
    sim = new OneBotSimulator(gv.vertx, SELF).heartbeat(Duration.ZERO);
    if (connectNow) {
      connectBot();
    }
  }

  /** The echo brain, the shards started, and the bot not connected yet (a restart NapCat is slow to follow). */
  static SessionHarness echoBotLater(Path dir, SessionConfig config) {
    return new SessionHarness(dir, config, TestConfig.brain(Map.of("brain.kind", "echo",
        "brain.timeout", Duration.ofSeconds(5))), Duration.ofSeconds(5), Duration.ofSeconds(2),
        TestConfig.defaults().onebot(), false);
  }

  /** Connects the simulator's bot (universal reverse WebSocket) and waits until it is attached. */
  void connectBot() {
    OnContext.await(sim.connectUniversal(server.actualPort(), OneBotGatewayVerticle.PATH_UNIVERSAL));
    waitFor("bot connected", () -> gateway.bot(SELF).isPresent());
  }

  /** The loopback port the gateway's WebSocket routes listen on (a second simulator connects here). */
  int port() {
    return server.actualPort();
  }

  static SessionHarness echo(Path dir, SessionConfig config) {
    return new SessionHarness(dir, config, true, Duration.ofSeconds(5), Duration.ofSeconds(2));
  }

  static SessionHarness withTestBrain(Path dir, SessionConfig config, Duration brainTimeout) {
    return new SessionHarness(dir, config, false, brainTimeout, Duration.ofSeconds(2));
  }

  /**
   * Short timers: idle 5 s (never reached unless a test wants it), summons 100 ms, no typing
   * pauses; a test adds its
   * own keys with {@link TestConfig#with} and takes {@link TestConfig#session()}.
   */
  static TestConfig fast() {
    return TestConfig.defaults()
        .with("session.idle_flush", "5s")
        .with("session.max_buffer", 10)
        .with("session.summon_private", "100ms")
        .with("session.summon_group", "100ms")
        // No typing pauses unless a test wants them (ReplyDeliveryTest sets its own).
        .with("reply.typing_max", "0s");
  }

  /** {@link #fast()} as it is. */
  static SessionConfig fastConfig() {
    return fast().session();
  }

  void send(JsonObject event) {
    OnContext.await(sim.send(event));
  }

  void waitFor(String what, Supplier<Boolean> condition) {
    OnContext.await(Poll.untilTrue(gv.vertx, what, condition));
  }

  /** Waits until the session's stored rows satisfy {@code check} (read on the store's reader pool). */
  void waitForRows(String what, ChatKey ref, java.util.function.Predicate<List<StoredMessage>> check) {
    OnContext.await(Poll.until(gv.vertx, Duration.ofMillis(20), Duration.ofSeconds(20), what,
        () -> realStore().recent(ref, 1000).map(check::test)));
  }

  /** Like {@link #waitFor}, for a check that blocks (JDBC): polled on the test thread. */
  void waitForOnTestThread(String what, java.util.concurrent.Callable<Boolean> check)
      throws Exception {
    long giveUpAt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!check.call()) {
      if (System.nanoTime() > giveUpAt) {
        throw new AssertionError("gave up waiting for: " + what);
      }
      pause(20);
    }
  }

  /** Pauses the test thread on a Vert.x timer (short: a few hundred ms at most). */
  void pause(long millis) {
    OnContext.await(Future.future(p -> gv.vertx.setTimer(millis, id -> p.complete())));
  }

  List<JsonObject> sends(String action) {
    return sim.actionsReceived(action);
  }

  double counter(String name, String... tags) {
    return gv.counter(name, tags);
  }

  double replies(String outcome) {
    return counter("social.replies", "outcome", outcome);
  }

  double flushes(String trigger) {
    return counter("social.session.flushes", "trigger", trigger);
  }

  Store realStore() {
    return storeVerticle.store();
  }

  List<StoredMessage> messages(ChatKey ref) {
    return OnContext.await(realStore().recent(ref, 1000));
  }

  long count(List<StoredMessage> rows, MessageStatus status) {
    return rows.stream().filter(m -> m.row().status() == status).count();
  }

  /** Tasks in flight over all session shards. */
  int sessionTasksInFlight() {
    return shards.verticles().stream().mapToInt(v -> v.taskSet().size()).sum();
  }

  long sqlCount(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + storeConfig.path());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() {
    OnContext.await(sim.close());
    gv.close();
  }
}
