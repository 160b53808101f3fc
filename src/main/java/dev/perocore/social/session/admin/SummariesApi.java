package dev.perocore.social.session.admin;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.JsonReplies;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.store.SummaryRow;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * {@code GET /api/v1/sessions/{key}/summaries?limit=N}: the newest N (1..1000, default 50) stored
 * summaries of a session — its long-term memory — oldest first, with keywords and the message
 * range each covers.
 */
final class SummariesApi implements RouteMount {

  static final String READ = "admin.summaries";
  private static final Duration READ_LIMIT = Duration.ofSeconds(10);

  private final AdminApiVerticle owner;

  SummariesApi(AdminApiVerticle owner) {
    this.owner = owner;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/sessions/:key/summaries").handler(this::summaries);
  }

  private void summaries(RoutingContext ctx) {
    ChatKey key;
    int limit;
    try {
      try {
        key = ChatKey.parse(ctx.pathParam("key"));
      } catch (IllegalArgumentException e) {
        throw new AdminHttp.BadField("key", e.getMessage());
      }
      limit = AdminHttp.intParam(ctx, "limit", 1, 1000, 50);
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
      return;
    }
    ChatKey session = key;
    int n = limit;
    owner.task(READ, session.toString(), READ_LIMIT, () -> owner.store().summaries(session, n))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(s -> items.add(json(s)));
          JsonReplies.send(ctx, 200, new JsonObject().put("key", session.toString())
              .put("count", items.size()).put("summaries", items));
        })
        .onFailure(cause -> AdminHttp.fail(ctx, cause));
  }

  private static JsonObject json(SummaryRow s) {
    return new JsonObject()
        .put("summary", s.summary())
        .put("keywords", new JsonArray(s.keywords()))
        .put("first_row_id", s.firstRowId())
        .put("last_row_id", s.lastRowId())
        .put("message_count", s.messageCount())
        .put("created_at", s.createdAt().toString());
  }
}
