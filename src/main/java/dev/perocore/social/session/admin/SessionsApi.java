package dev.perocore.social.session.admin;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.AdminScatter;
import dev.perocore.social.ops.JsonReplies;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.ops.ScatterReply;
import dev.perocore.social.session.SessionDirectory;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.StoredMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/sessions}: the live sessions as their owners last published them (key, type,
 * last activity, buffered messages, state). {@code GET /api/v1/sessions/{key}/messages?limit=N}:
 * the newest N (1..1000, default 50) stored messages of a session, oldest first, failed sends
 * included with their retcode; {@code &before=ROW_ID} pages back to the N before that row. With a
 * cluster, the list holds every full node's sessions, each row naming its {@code node} ({@code
 * ?scope=local}: this node's only).
 */
final class SessionsApi implements RouteMount {

  static final String READ = "admin.messages";
  /** The view every full node answers for the cluster-wide list. */
  static final String VIEW = "sessions";
  private static final Duration READ_LIMIT = Duration.ofSeconds(10);

  private final AdminApiVerticle owner;
  private final SessionDirectory sessions;

  SessionsApi(AdminApiVerticle owner, SessionDirectory sessions) {
    this.owner = owner;
    this.sessions = sessions;
    AdminScatter scatter = owner.scatter();
    if (scatter != null) {
      scatter.serve(VIEW, params -> Future.succeededFuture(local(params.getInteger("limit", 1000))));
    }
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/sessions").handler(this::list);
    router.get(AdminAuth.PREFIX + "/sessions/:key/messages").handler(this::messages);
  }

  private void list(RoutingContext ctx) {
    try {
      int limit = AdminHttp.intParam(ctx, "limit", 1, 100_000, 1000);
      boolean cluster = AdminHttp.clusterScope(ctx);
      AdminScatter scatter = owner.scatter();
      if (scatter == null || !cluster) {
        JsonReplies.send(ctx, 200, local(limit));
        return;
      }
      scatter.gather(VIEW, new JsonObject().put("limit", limit))
          .onSuccess(answers -> JsonReplies.send(ctx, 200,
              ScatterReply.merge(answers, "sessions", List.of("count"), limit)))
          .onFailure(cause -> AdminHttp.fail(ctx, cause));
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
    }
  }

  /** This node's sessions, in the directory's order. */
  private JsonObject local(int limit) {
    List<SessionDirectory.Entry> all = sessions.list();
    JsonArray items = new JsonArray();
    for (SessionDirectory.Entry e : all.subList(0, Math.min(limit, all.size()))) {
      items.add(new JsonObject()
          .put("key", e.key().toString())
          .put("type", e.key().type().label())
          .put("self_id", e.key().selfId())
          .put("peer_id", e.key().peerId())
          .put("last_activity", Instant.ofEpochMilli(e.lastActivityMillis()).toString())
          .put("last_activity_ms", e.lastActivityMillis())
          .put("buffered", e.buffered())
          .put("state", e.state())
          .put("shard", e.shard()));
    }
    return new JsonObject().put("count", all.size()).put("sessions", items);
  }

  private void messages(RoutingContext ctx) {
    ChatKey key;
    int limit;
    long before;
    try {
      try {
        key = ChatKey.parse(ctx.pathParam("key"));
      } catch (IllegalArgumentException e) {
        throw new AdminHttp.BadField("key", e.getMessage());
      }
      limit = AdminHttp.intParam(ctx, "limit", 1, 1000, 50);
      before = beforeParam(ctx);
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
      return;
    }
    ChatKey session = key;
    int n = limit;
    long from = before;
    owner.task(READ, session.toString(), READ_LIMIT, () -> from > 0
            ? owner.store().before(session, from, n)
            : owner.store().recent(session, n))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(m -> items.add(json(m)));
          JsonReplies.send(ctx, 200, new JsonObject().put("key", session.toString())
              .put("count", items.size()).put("messages", items));
        })
        .onFailure(cause -> AdminHttp.fail(ctx, cause));
  }

  /** {@code before=ROW_ID}: the page older than that row (0 = the newest page). */
  private static long beforeParam(RoutingContext ctx) {
    String raw = ctx.queryParams().get("before");
    if (raw == null) {
      return 0;
    }
    try {
      long id = Long.parseLong(raw.trim());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // falls through to the complaint
    }
    throw new AdminHttp.BadField("before", "must be a positive row_id");
  }

  private static JsonObject json(StoredMessage m) {
    MessageRow r = m.row();
    return new JsonObject()
        .put("row_id", m.rowId())
        .put("message_id", r.messageId())
        .put("status", r.status().name().toLowerCase(java.util.Locale.ROOT))
        .put("retcode", r.retcode())
        .put("sender_id", r.senderId())
        .put("sender_name", r.senderName())
        .put("content", r.contentCq())
        .put("time", r.eventTime().toString())
        .put("received_at", r.receivedAt().toString())
        .put("summarized", m.summarized())
        .put("origin", r.origin().column());
  }
}
