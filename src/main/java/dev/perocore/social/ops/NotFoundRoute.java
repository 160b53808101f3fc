package dev.perocore.social.ops;

import dev.perocore.social.guard.RateLimitedLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * The answer to a path nobody serves: 404, counted and logged with the path. The log is what tells
 * an operator that NapCat was given a wrong WebSocket URL ({@code /ws} instead of
 * {@code /onebot/v11/ws}), which otherwise looks like a bot that never connects. One line per
 * minute at most (a scanner must not flood the log), saying how many were held back.
 */
final class NotFoundRoute {

  private static final int MAX_PATH = 200;

  private final RateLimitedLog log =
      new RateLimitedLog(LoggerFactory.getLogger(NotFoundRoute.class), Duration.ofMinutes(1));
  private final Counter notFound;
  /** The OneBot endpoints are on the service server: a stray upgrade elsewhere is told nothing. */
  private final boolean oneBotServer;

  NotFoundRoute(String server, MeterRegistry registry) {
    this.oneBotServer = server.equals("service");
    this.notFound = Counter.builder("social.http.not.found")
        .description("Requests for a path the server does not serve (404)")
        .tag("server", server)
        .register(registry);
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    notFound.increment();
    boolean upgrade = oneBotServer
        && "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
    // The path is the sender's text: bounded and without control characters before it is logged.
    String path = printable(request.path());
    log.warn("not-found", "404 {} {}{} from {}: no such endpoint", request.method(), path,
        upgrade ? " (a WebSocket upgrade: OneBot's are /onebot/v11/ws, /onebot/v11/ws/event,"
            + " /onebot/v11/ws/api and /api/social/ws)" : "",
        request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress());
    JsonReplies.error(ctx, 404, "no such endpoint: " + request.method() + " " + request.path());
  }

  private static String printable(String path) {
    if (path == null) {
      return "(none)";
    }
    String clean = path.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > MAX_PATH ? clean.substring(0, MAX_PATH) + "..." : clean;
  }
}
