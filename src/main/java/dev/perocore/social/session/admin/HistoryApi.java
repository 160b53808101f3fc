package dev.perocore.social.session.admin;

import dev.perocore.social.media.MediaCache;
import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.JsonReplies;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.store.HistoryDeletion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE /api/v1/users/{id}/history}: deletes one user's messages, summaries and media
 * (an operator's privacy duty) and answers what went, by table. Logged and counted
 * ({@code social_admin_history_deletions_total}), because a deletion nobody can see afterwards
 * is indistinguishable from data loss. Messages still in a live session's buffer are not in the
 * store yet and are not touched.
 */
final class HistoryApi implements RouteMount {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryApi.class);
  static final String DELETE = "admin.history.delete";
  /** The writer's queue plus one table scan of messages (no index by sender: see UserHistory). */
  private static final Duration DELETE_LIMIT = Duration.ofMinutes(2);

  private final AdminApiVerticle owner;
  private final Counter deletions;

  HistoryApi(AdminApiVerticle owner, MeterRegistry registry) {
    this.owner = owner;
    this.deletions = Counter.builder("social.admin.history.deletions")
        .description("Users whose history an operator deleted through the admin API")
        .register(registry);
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.delete(AdminAuth.PREFIX + "/users/:id/history").handler(this::delete);
  }

  private void delete(RoutingContext ctx) {
    long userId;
    try {
      userId = AdminHttp.id(new JsonObject().put("id", ctx.pathParam("id")), "id");
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
      return;
    }
    owner.task(DELETE, "user " + userId, DELETE_LIMIT,
            () -> owner.store().deleteUserHistory(userId)
                // The rows are gone (committed); the files follow: a file left behind by a
                // failed delete is unreachable and expires with media.expire_after.
                .compose(done -> MediaCache.deleteFiles(ctx.vertx(), owner.mediaDir(),
                    done.mediaFiles()).map(done)))
        .onSuccess(done -> {
          deletions.increment();
          LOG.info("admin: deleted the history of user {}: {} messages, {} summaries, {} notices,"
              + " {} other rows, {} image files", userId, done.messages(), done.summaries(),
              done.notices(), done.other(), done.mediaFiles().size());
          JsonReplies.send(ctx, 200, json(done));
        })
        .onFailure(cause -> AdminHttp.fail(ctx, cause));
  }

  private static JsonObject json(HistoryDeletion d) {
    return new JsonObject()
        .put("user_id", d.userId())
        .put("deleted", new JsonObject()
            .put("messages", d.messages())
            .put("summaries", d.summaries())
            .put("notices", d.notices())
            .put("other", d.other())
            .put("media_files", d.mediaFiles().size()))
        .put("total", d.total());
  }
}
