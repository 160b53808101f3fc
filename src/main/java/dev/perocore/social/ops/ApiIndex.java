package dev.perocore.social.ops;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1} (the endpoints, one line each) and {@code GET /api/v1/openapi.json} (their
 * OpenAPI 3.1 description, which ships in the jar). The index is made from the description, so
 * the two never disagree; a test checks the description against the routes actually mounted.
 * Both are open without the token: they describe the API, they show no data.
 */
public final class ApiIndex implements RouteMount {

  private static final Logger LOG = LoggerFactory.getLogger(ApiIndex.class);
  public static final String RESOURCE = "api/openapi.json";
  public static final String OPENAPI = AdminAuth.PREFIX + "/openapi.json";

  private final Buffer document;
  private final JsonObject index;

  /** Reads the description from the jar: construct it at assembly, not on an event loop. */
  public ApiIndex() {
    this.document = ClasspathAssets.read(RESOURCE);
    this.index = index(new JsonObject(document));
  }

  /** Whether {@code path} is one of the two open documents ({@link AdminAuth} lets them pass). */
  static boolean isOpen(String path) {
    return path.equals(AdminAuth.PREFIX) || path.equals(AdminAuth.PREFIX + "/")
        || path.equals(OPENAPI);
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX).handler(ctx -> JsonReplies.send(ctx, 200, index));
    router.get(AdminAuth.PREFIX + "/").handler(ctx -> JsonReplies.send(ctx, 200, index));
    router.get(OPENAPI).handler(this::document);
  }

  private void document(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(document)
        .onFailure(cause -> LOG.debug("openapi.json not delivered: {}", cause.toString()));
  }

  private static JsonObject index(JsonObject openapi) {
    JsonArray endpoints = new JsonArray();
    JsonObject paths = openapi.getJsonObject("paths");
    for (Map.Entry<String, Object> path : paths) {
      for (Map.Entry<String, Object> op : (JsonObject) path.getValue()) {
        JsonObject operation = (JsonObject) op.getValue();
        JsonArray security = operation.getJsonArray("security");
        endpoints.add(new JsonObject()
            .put("method", op.getKey().toUpperCase(Locale.ROOT))
            .put("path", path.getKey())
            .put("summary", operation.getString("summary"))
            .put("token", security == null || !security.isEmpty()));
      }
    }
    return new JsonObject()
        .put("name", openapi.getJsonObject("info").getString("title"))
        .put("openapi", OPENAPI)
        .put("console", ConsoleRoutes.PATH)
        .put("auth", "Authorization: Bearer <admin.token>")
        .put("endpoints", endpoints);
  }
}
