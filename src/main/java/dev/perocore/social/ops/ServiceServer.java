package dev.perocore.social.ops;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.GuardedVerticle;
import dev.perocore.social.guard.OwnerContext;
import dev.perocore.social.guard.VertxInternals;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service port: whatever {@link RouteMount}s the app hands it (OneBot endpoints, admin API,
 * debug routes), in order. Deployed last and stopped first: on shutdown it stops accepting before
 * anything behind it drains.
 *
 * <p>Every event loop serves connections: one HTTP server instance listens on each loop (Vert.x
 * shares the port and hands accepted connections round-robin to the instances), so four bots'
 * WebSockets are read by four loops instead of all by the one that deployed this verticle.
 */
public final class ServiceServer extends GuardedVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceServer.class);

  private final ServerAddress address;
  private final List<RouteMount> mounts;
  private final HttpLimits limits;
  private volatile HttpServer server;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private static final AtomicLong SHARED_RANDOM_PORTS = new AtomicLong();

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
    HeaderDeadline deadline =
        new HeaderDeadline(vertx, "service", limits.headerTimeout(), guard.registry());
    // The first instance binds; the others share its socket. Vert.x shares a configured port, but
    // port 0 (any free port) only when asked as a negative port, and every server asking the same
    // negative number shares one: each service server (tests run several) has its own number.
    if (options.getPort() == 0) {
      options.setPort(-(int) (1 + SHARED_RANDOM_PORTS.incrementAndGet() % Integer.MAX_VALUE));
    }
    HttpServerOptions shared = options;
    return listenOn(vertx.getOrCreateContext(), options, deadline, router)
        .compose(first -> {
          server = first;
          EventLoop own = VertxInternals.eventLoopOf(vertx.getOrCreateContext());
          List<Future<HttpServer>> more = new ArrayList<>();
          for (EventLoop loop : VertxInternals.eventLoops(vertx)) {
            if (loop != own) {
              more.add(listenOn(VertxInternals.contextOn(vertx, loop), shared, deadline, router));
            }
          }
          return Future.all(more).map(all -> first);
        })
        .onSuccess(s -> LOG.info("service server on http://{}:{} ({} event loop(s))",
            address.host(), s.actualPort(), servers.size()));
  }

  /** One instance of the server, created and listening on {@code context}'s event loop. */
  private Future<HttpServer> listenOn(Context context, HttpServerOptions options,
      HeaderDeadline deadline, Handler<HttpServerRequest> router) {
    return tasks.track("service.listen", options.getHost() + ":" + options.getPort(),
        OwnerContext.call(context, () -> {
          HttpServer created = vertx.createHttpServer(options);
          servers.add(created);
          return created.requestHandler(deadline.install(created, router)).listen();
        }));
  }

  @Override
  protected Future<?> stopIntake() {
    List<Future<Void>> closing = new ArrayList<>();
    servers.forEach(s -> closing.add(s.close()));
    return Future.join(closing);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
