package dev.perocore.social.ops;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.VertxInternals;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management port: {@code /metrics} from the same registry Vert.x reports into (scraped on a
 * worker: {@link MetricsScrape}), {@code
 * /health/live} (503 while an event loop is blocked longer than {@code
 * guard.liveness_block_limit}) and {@code /health/ready} (each named check in the body).
 *
 * <p>Deployed first and stopped last, so probes and scrapes answer for the whole life of the
 * process, including its drain.
 */
public final class ManagementServer extends GuardedVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

  private final ServerAddress address;
  private final PrometheusMeterRegistry registry;
  private final Readiness readiness;
  private final HttpLimits limits;
  private volatile HttpServer server;
  private volatile EventLoop eventLoop;

  public ManagementServer(Guard guard, Duration drainTimeout, ServerAddress address,
      PrometheusMeterRegistry registry, Readiness readiness, HttpLimits limits) {
    super(guard, drainTimeout);
    this.limits = limits;
    this.address = address;
    this.registry = registry;
    this.readiness = readiness;
  }

  @Override
  public String name() {
    return "management-server";
  }

  @Override
  protected Future<?> begin() {
    eventLoop = VertxInternals.eventLoopOf(context);
    Router router = Router.router(vertx);
    router.get("/metrics").handler(new MetricsScrape(vertx, this::taskSet, registry));
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    router.route().last().handler(new NotFoundRoute("management", guard.registry())::handle);
    HttpServer created = vertx.createHttpServer(new HttpServerOptions()
        .setIdleTimeout((int) limits.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHttp2ClearTextEnabled(false)); // HTTP/1.1 only: the header deadline is per connection
    HeaderDeadline deadline =
        new HeaderDeadline(vertx, "management", limits.headerTimeout(), guard.registry());
    return created
        .requestHandler(deadline.install(created, router))
        .listen(address.port(), address.host())
        .onSuccess(s -> {
          server = s;
          LOG.info("management server on http://{}:{} (/metrics, /health/live, /health/ready)",
              address.host(), s.actualPort());
        });
  }

  @Override
  protected Future<?> release() {
    HttpServer s = server;
    return s == null ? Future.succeededFuture() : s.close();
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** The event loop this server runs on: chaos must never block it. */
  public EventLoop eventLoop() {
    return eventLoop;
  }

  private void live(RoutingContext ctx) {
    Duration blocked = guard.loopGuard().eventLoopBlockedNow();
    Duration limit = guard.config().livenessBlockLimit();
    boolean alive = blocked.compareTo(limit) <= 0;
    JsonReplies.send(ctx, alive ? 200 : 503, new JsonObject()
        .put("status", alive ? "UP" : "DOWN")
        .put("event_loop_blocked_ms", blocked.toMillis())
        .put("limit_ms", limit.toMillis()));
  }

  private void ready(RoutingContext ctx) {
    Readiness.Report report = readiness.evaluate();
    JsonReplies.send(ctx, report.ready() ? 200 : 503, new JsonObject()
        .put("status", report.ready() ? "UP" : "DOWN")
        .put("checks", report.checks()));
  }
}
