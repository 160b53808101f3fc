package dev.perocore.social.session.admin;

import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.JsonReplies;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.store.Conversation;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * {@code GET /api/v1/conversations?query=&limit=N}: the conversations in the store (they outlive
 * a restart, unlike the live sessions), most recently active first, filtered by a substring of the
 * peer's id, nickname or group name.
 */
final class ConversationsApi implements RouteMount {

  static final String LIST = "admin.conversations";
  private static final Duration LIST_LIMIT = Duration.ofSeconds(10);
  private static final int QUERY_MAX = 100;

  private final AdminApiVerticle owner;

  ConversationsApi(AdminApiVerticle owner) {
    this.owner = owner;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/conversations").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    String query;
    int limit;
    try {
      limit = AdminHttp.intParam(ctx, "limit", 1, 1000, 100);
      query = ctx.queryParams().contains("query") ? ctx.queryParams().get("query").trim() : "";
      if (query.length() > QUERY_MAX) {
        throw new AdminHttp.BadField("query", "at most " + QUERY_MAX + " characters");
      }
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
      return;
    }
    String q = query;
    int n = limit;
    owner.task(LIST, "query '" + q + "'", LIST_LIMIT, () -> owner.store().conversations(q, n))
        .onSuccess(found -> {
          JsonArray items = new JsonArray();
          found.forEach(c -> items.add(json(c)));
          JsonReplies.send(ctx, 200, new JsonObject().put("query", q).put("count", items.size())
              .put("conversations", items));
        })
        .onFailure(cause -> AdminHttp.fail(ctx, cause));
  }

  private static JsonObject json(Conversation c) {
    return new JsonObject()
        .put("key", c.session().toString())
        .put("type", c.session().type().label())
        .put("self_id", c.session().selfId())
        .put("peer_id", c.session().peerId())
        .put("name", c.name().orElse(null))
        .put("last_active", c.lastActiveAt().toString())
        .put("last_active_ms", c.lastActiveAt().toEpochMilli());
  }
}
