package dev.perocore.social.ops;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console at {@code /console}: three static files from the jar (plain HTML, CSS and JS; no
 * CDN, no build step), served from memory. The page holds no data and no secret: it asks for the
 * admin token, keeps it in the tab's sessionStorage only, and calls the documented admin API
 * with it. A strict Content-Security-Policy keeps anything but our own files out of the page.
 */
public final class ConsoleRoutes implements RouteMount {

  public static final String PATH = "/console";
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);

  /** Served name -> content type; the resource is {@code console/<name>}. */
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "console.css", "text/css; charset=utf-8",
      "console.js", "text/javascript; charset=utf-8");

  private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none';"
      + " base-uri 'none'";

  private final Map<String, Buffer> files;

  /** Reads the files from the jar: construct it at assembly, not on an event loop. */
  public ConsoleRoutes() {
    this.files = Map.of(
        "index.html", ClasspathAssets.read("console/index.html"),
        "console.css", ClasspathAssets.read("console/console.css"),
        "console.js", ClasspathAssets.read("console/console.js"));
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    // One route for both (Vert.x matches "/console/" against "/console"): without the slash the
    // page's relative asset URLs would resolve one level up, so that one is redirected.
    router.get(PATH).handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        serve(ctx, "index.html");
      } else {
        ctx.redirect(PATH + "/").onFailure(cause -> gone(ctx, cause));
      }
    });
    for (String name : FILES.keySet()) {
      router.get(PATH + "/" + name).handler(ctx -> serve(ctx, name));
    }
  }

  private void serve(RoutingContext ctx, String name) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, FILES.get(name))
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        // A new jar may change the page; never mix an old script with a new API.
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(files.get(name))
        .onFailure(cause -> gone(ctx, cause));
  }

  /** The browser may be gone by now; nothing to retry. */
  private static void gone(RoutingContext ctx, Throwable cause) {
    LOG.debug("answer to GET {} not delivered: {}", ctx.request().path(), cause.toString());
  }
}
