package dev.perocore.social.ops;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON in and out: every answer of ours, errors included, is a JSON object. */
public final class JsonReplies {

  private static final Logger LOG = LoggerFactory.getLogger(JsonReplies.class);

  private JsonReplies() {}

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(body.encode())
        // The client may be gone by now; nothing to retry, but say so where it can be seen.
        .onFailure(cause -> LOG.debug("answer to {} {} not delivered: {}", ctx.request().method(),
            ctx.request().path(), cause.toString()));
  }

  /** An error answer: {@code {"error": reason}}, with the field at fault when there is one. */
  public static void error(RoutingContext ctx, int status, String reason) {
    send(ctx, status, new JsonObject().put("error", reason));
  }

  public static void badField(RoutingContext ctx, String field, String reason) {
    send(ctx, 400, new JsonObject().put("error", field + ": " + reason).put("field", field));
  }
}
