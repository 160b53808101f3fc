package dev.perocore.social.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header timeout of one HTTP server: a connection whose request headers are not complete
 * within {@code timeout} of it opening (or of its previous response ending) is closed and counted
 * in {@code social_http_header_timeouts_total{server}}. The idle timeout alone does not stop a
 * slowloris client, which sends a byte just often enough never to be idle.
 *
 * <p>The servers speak HTTP/1.1 only (h2c off): the connection handler of a cleartext server that
 * also detects h2c runs only once a request arrives, too late for a deadline. Vert.x calls the
 * request handler once the headers are parsed, so a request arriving is the
 * moment the deadline is met. An upgraded WebSocket is never re-armed: it is no longer HTTP.
 */
final class HeaderDeadline {

  private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

  private final Vertx vertx;
  private final String server;
  private final long timeoutMs;
  private final Counter timedOut;
  private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

  HeaderDeadline(Vertx vertx, String server, Duration timeout, MeterRegistry registry) {
    this.vertx = vertx;
    this.server = server;
    this.timeoutMs = Math.max(1, timeout.toMillis());
    this.timedOut = Counter.builder("social.http.header.timeouts")
        .description("HTTP connections closed because their request headers came too slowly")
        .tag("server", server)
        .register(registry);
  }

  /** Installs the deadline on {@code httpServer}; returns {@code next} wrapped to meet it. */
  Handler<HttpServerRequest> install(HttpServer httpServer, Handler<HttpServerRequest> next) {
    httpServer.connectionHandler(connection -> {
      arm(connection);
      connection.closeHandler(v -> disarm(connection));
    });
    return request -> {
      HttpConnection connection = request.connection();
      disarm(connection);
      if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
        // Best effort for keep-alive: the next request's headers get the same deadline. (A
        // handler that sets its own end handler replaces this; the idle timeout still applies.)
        request.response().endHandler(v -> arm(connection));
      }
      next.handle(request);
    };
  }

  private void arm(HttpConnection connection) {
    long id = vertx.setTimer(timeoutMs, t -> {
      if (timers.remove(connection, t)) {
        timedOut.increment();
        LOG.debug("{}: closing connection from {}: no complete request headers within {} ms",
            server, connection.remoteAddress(), timeoutMs);
        connection.close()
            .onFailure(cause -> LOG.debug("{}: close failed: {}", server, cause.toString()));
      }
    });
    Long previous = timers.put(connection, id);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  private void disarm(HttpConnection connection) {
    Long id = timers.remove(connection);
    if (id != null) {
      vertx.cancelTimer(id);
    }
  }
}
