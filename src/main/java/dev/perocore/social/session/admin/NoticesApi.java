package dev.perocore.social.session.admin;

import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.session.NoticeText;
import dev.perocore.social.store.NoticeRow;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * {@code GET /api/v1/sessions/{key}/notices?limit=N}: the newest N (1..1000, default 50) stored
 * notices of a chat (recalls, mutes, joins, leaves, pokes...), oldest first, each with the line the
 * model reads for it ({@code line}, null for a notice kept out of prompts). The console merges
 * them into its conversation view as system lines.
 */
final class NoticesApi implements RouteMount {

  static final String READ = "admin.notices";

  private final AdminApiVerticle owner;

  NoticesApi(AdminApiVerticle owner) {
    this.owner = owner;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/sessions/:key/notices").handler(new SessionListRoute<>(
        owner, READ, "notices", (session, n) -> owner.store().notices(session, n),
        NoticesApi::json)::handle);
  }

  private static JsonObject json(NoticeRow n) {
    return new JsonObject()
        .put("notice_type", n.noticeType())
        .put("sub_type", n.subType())
        .put("group_id", n.groupId())
        .put("user_id", n.userId())
        .put("operator_id", n.operatorId())
        .put("detail", new JsonObject(n.detailJson()))
        .put("time", n.eventTime().toString())
        .put("line", NoticeText.of(n, Map.of()));
  }
}
