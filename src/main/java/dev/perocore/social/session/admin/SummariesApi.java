package dev.perocore.social.session.admin;

import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.store.SummaryRow;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /api/v1/sessions/{key}/summaries?limit=N}: the newest N (1..1000, default 50) stored
 * summaries of a session — its long-term memory — oldest first, with keywords and the message
 * range each covers.
 */
final class SummariesApi implements RouteMount {

  static final String READ = "admin.summaries";

  private final AdminApiVerticle owner;

  SummariesApi(AdminApiVerticle owner) {
    this.owner = owner;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/sessions/:key/summaries").handler(new SessionListRoute<>(
        owner, READ, "summaries", (session, n) -> owner.store().summaries(session, n),
        SummariesApi::json)::handle);
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
