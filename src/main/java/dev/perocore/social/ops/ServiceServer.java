package dev.perocore.social.ops;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service port: whatever {@link RouteMount}s the app hands it (OneBot endpoints, admin API,
 * debug routes), in order. Deployed last and stopped first: on shutdown it stops accepting before
 * anything behind it drains.
 */
public final class ServiceServer extends GuardedVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceServer.class);

  private final ServerAddress address;
  private final List<RouteMount> mounts;
  private final HttpLimits limits;
  private volatile HttpServer server;

  public ServiceServer(Guard guard, Duration drainTimeout, ServerAddress address,
      List<RouteMount> mounts, HttpLimits limits) {
    super(guard, drainTimeout);
    this.address = address;
    this.mounts = List.copyOf(mounts);
    this.limits = limits;
  }

  @Override
  public String name() {
    return "service-server";
  }

  @Override
  protected Future<?> begin() {
    Router router = Router.router(vertx);
    HttpServerOptions options = new HttpServerOptions().setHost(address.host()).setPort(address.port())
        .setIdleTimeout((int) limits.idleTimeout().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHttp2ClearTextEnabled(false); // HTTP/1.1 only: the header deadline is per connection
    for (RouteMount mount : mounts) {
      mount.configure(options);
      mount.mount(vertx, router);
    }
    router.route().last().handler(new NotFoundRoute("service", guard.registry())::handle);
    HttpServer created = vertx.createHttpServer(options);
    HeaderDeadline deadline =
        new HeaderDeadline(vertx, "service", limits.headerTimeout(), guard.registry());
    return created
        .requestHandler(deadline.install(created, router))
        .listen()
        .onSuccess(s -> {
          server = s;
          LOG.info("service server on http://{}:{}", address.host(), s.actualPort());
        });
  }

  @Override
  protected Future<?> stopIntake() {
    HttpServer s = server;
    return s == null ? Future.succeededFuture() : s.close();
  }

  public int actualPort() {
    return server.actualPort();
  }
}
