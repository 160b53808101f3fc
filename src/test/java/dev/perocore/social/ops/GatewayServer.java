package dev.perocore.social.ops;

import static dev.perocore.social.testing.OnContext.await;

import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.onebot.OneBotGatewayVerticle;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;

/**
 * The service server as the application runs it (one instance per event loop) with only the
 * gateway's WebSocket routes mounted, on an ephemeral loopback port: for tests of how connections
 * are spread and read.
 */
final class GatewayServer {

  private GatewayServer() {}

  /** Deploys it for an already deployed {@code gateway}; the server, for its actual port. */
  static ServiceServer deploy(GuardedVertx gv, OneBotGatewayVerticle gateway, OneBotConfig onebot) {
    ServiceServer service = new ServiceServer(gv.guard, Duration.ofSeconds(1),
        new ServerAddress("127.0.0.1", 0), List.of(new RouteMount() {
          @Override
          public void mount(Vertx vertx, Router router) {
            gateway.mount(router);
          }

          @Override
          public void configure(HttpServerOptions options) {
            OneBotGatewayVerticle.tune(options, onebot);
          }
        }), TestConfig.defaults().app().httpLimits());
    await(gv.vertx.deployVerticle(service));
    return service;
  }
}
