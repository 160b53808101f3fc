package dev.perocore.social.ops;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.TestConfig;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.Poll;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The management and service servers over real HTTP on loopback. */
class OpsServersTest {

  private static final String TOKEN = "s3cret-admin";

  private GuardedVertx gv;
  private WebClient http;
  private Readiness readiness;
  private ManagementServer management;
  private ServiceServer service;
  private final AtomicBoolean storeUp = new AtomicBoolean(true);

  @BeforeEach
  void setUp() {
    gv = GuardedVertx.fast();
    http = WebClient.create(gv.vertx);
    readiness = new Readiness();
    readiness.require("store", () -> storeUp.get() ? HealthCheck.up("open") : HealthCheck.down("closed"));
    readiness.advise("bot 10001", () -> HealthCheck.down("degraded: 3 action timeouts"));
    management = new ManagementServer(gv.guard, Duration.ofSeconds(1),
        new ServerAddress("127.0.0.1", 0), gv.registry, readiness,
        TestConfig.defaults().app().managementLimits());
    await(gv.vertx.deployVerticle(management));
    service = new ServiceServer(gv.guard, Duration.ofSeconds(1), new ServerAddress("127.0.0.1", 0),
        List.of(new AdminAuth(Optional.of(TOKEN)), new TasksApi(gv.guard),
            new ChaosRoutes(() -> Set.<EventLoop>of(management.eventLoop()))),
        TestConfig.defaults().app().httpLimits());
    await(gv.vertx.deployVerticle(service));
  }

  @AfterEach
  void tearDown() {
    gv.close();
  }

  private Future<HttpResponse<Buffer>> get(int port, String path) {
    return http.get(port, "127.0.0.1", path).send();
  }

  @Test
  void readinessNamesEachCheckAndOnlyRequiredOnesDecide() {
    HttpResponse<Buffer> ready = await(get(management.actualPort(), "/health/ready"));
    assertEquals(200, ready.statusCode(), ready.bodyAsString());
    JsonObject checks = ready.bodyAsJsonObject().getJsonObject("checks");
    assertEquals("UP", checks.getJsonObject("store").getString("status"));
    assertEquals("DOWN", checks.getJsonObject("bot 10001").getString("status"));

    storeUp.set(false);
    HttpResponse<Buffer> notReady = await(get(management.actualPort(), "/health/ready"));
    assertEquals(503, notReady.statusCode());
    assertEquals("closed", notReady.bodyAsJsonObject().getJsonObject("checks")
        .getJsonObject("store").getString("detail"));
  }

  @Test
  void metricsComeFromTheSharedRegistry() {
    HttpResponse<Buffer> metrics = await(get(management.actualPort(), "/metrics"));
    String text = metrics.bodyAsString();
    assertEquals(200, metrics.statusCode());
    for (String family : List.of("social_loop_blocked_events_total", "social_loop_blocked_episodes_total",
        "social_loop_blocked_seconds_max", "social_eventloop_lag_seconds_bucket")) {
      assertTrue(text.contains(family), family + " missing from /metrics");
    }
  }

  @Test
  void livenessFailsWhileALoopIsBlockedAndRecoversAfter() {
    int port = management.actualPort();
    HttpResponse<Buffer> before = await(get(port, "/health/live"));
    assertEquals(200, before.statusCode());

    HttpResponse<Buffer> accepted = await(http.post(service.actualPort(), "127.0.0.1",
        "/api/v1/debug/block?ms=1500").bearerTokenAuthentication(TOKEN).send());
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());

    await(Poll.until(gv.vertx, Duration.ofMillis(50), Duration.ofSeconds(20), "liveness 503",
        () -> get(port, "/health/live").map(r -> r.statusCode() == 503)));
    await(Poll.until(gv.vertx, Duration.ofMillis(50), Duration.ofSeconds(20), "liveness 200 again",
        () -> get(port, "/health/live").map(r -> r.statusCode() == 200)));
    assertTrue(gv.counter("social.loop.blocked.episodes", "thread_kind", "event_loop") >= 1);
    assertTrue(gv.counter("social.loop.blocked.events", "thread_kind", "event_loop") >= 2);
  }

  @Test
  void theAdminApiWantsTheBearerToken() {
    int port = service.actualPort();
    assertEquals(401, await(http.get(port, "127.0.0.1", "/api/v1/tasks").send()).statusCode());
    assertEquals(401, await(http.get(port, "127.0.0.1", "/api/v1/tasks")
        .bearerTokenAuthentication("wrong").send()).statusCode());
    HttpResponse<Buffer> tasks = await(http.get(port, "127.0.0.1", "/api/v1/tasks")
        .bearerTokenAuthentication(TOKEN).send());
    assertEquals(200, tasks.statusCode());
    assertTrue(tasks.bodyAsJsonObject().containsKey("tasks"));
    assertEquals(401, await(http.post(port, "127.0.0.1", "/api/v1/debug/block?ms=10").send()).statusCode());
  }

  @Test
  void aBadBlockRequestIsRefusedWithTheFieldNamed() {
    HttpResponse<Buffer> bad = await(http.post(service.actualPort(), "127.0.0.1",
        "/api/v1/debug/block?ms=forever").bearerTokenAuthentication(TOKEN).send());
    assertEquals(400, bad.statusCode());
    assertEquals("ms", bad.bodyAsJsonObject().getString("field"));
    HttpResponse<Buffer> unknown = await(http.get(service.actualPort(), "127.0.0.1", "/nothing").send());
    assertEquals(404, unknown.statusCode());
    assertEquals(1.0, gv.counter("social.http.not.found", "server", "service"));
    // The management port counts its strays too (a scrape config with a wrong path).
    assertEquals(404, await(get(management.actualPort(), "/metric")).statusCode());
    assertEquals(1.0, gv.counter("social.http.not.found", "server", "management"));
  }

  @Test
  void withoutATokenTheAdminApiIsOff() {
    ServiceServer open = new ServiceServer(gv.guard, Duration.ofSeconds(1),
        new ServerAddress("127.0.0.1", 0), List.of(new AdminAuth(Optional.empty()), new TasksApi(gv.guard)),
        TestConfig.defaults().app().httpLimits());
    await(gv.vertx.deployVerticle(open));
    HttpResponse<Buffer> off = await(http.get(open.actualPort(), "127.0.0.1", "/api/v1/tasks").send());
    assertEquals(403, off.statusCode());
    assertTrue(off.bodyAsJsonObject().getString("error").contains("admin.token"));
  }
}
