package dev.perocore.social.app;

import dev.perocore.social.guard.ClassWarmup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Runs the expensive one-time class initialisations on the main thread before any verticle
 * starts (see {@link ClassWarmup}), plus JSON, routing and the first scrape, so that no cold-start
 * work blocks an event loop and trips the very alert that must only fire for real stalls.
 */
final class Warmup {

  private Warmup() {}

  static void run(Vertx vertx, PrometheusMeterRegistry registry) {
    ClassWarmup.run();
    Buffer.buffer("warm-up").appendString(new JsonObject().put("warm", 1).encode());
    new JsonObject("{\"warm\":[1,\"up\"]}").encodePrettily();
    Router.router(vertx);
    registry.scrape();
  }
}
