package dev.perocore.social.ops;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * A piece of the service port: the OneBot endpoints, the admin API, the debug routes. The app
 * hands the {@link ServiceServer} a list of them, mounted in order.
 */
public interface RouteMount {

  /** Adds this piece's routes; runs on the service server's context. */
  void mount(Vertx vertx, Router router);

  /** Adjusts the server's options (e.g. the largest WebSocket frame); most mounts need nothing. */
  default void configure(HttpServerOptions options) {}
}
