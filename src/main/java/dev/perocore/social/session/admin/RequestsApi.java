package dev.perocore.social.session.admin;

import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.AdminScatter;
import dev.perocore.social.ops.JsonReplies;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.ops.ScatterReply;
import dev.perocore.social.session.requests.RequestDesk;
import dev.perocore.social.session.requests.RequestKind;
import dev.perocore.social.session.requests.ResolveOutcome;
import dev.perocore.social.store.PendingRequest;
import dev.perocore.social.store.RequestRow;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /api/v1/requests}: the open (held) requests of every bot. {@code POST
 * /api/v1/requests/{id}} with {@code {"decision": "approve"|"reject", "remark"?: "..."}}: sends the
 * answer and records it; 404 for an unknown id, 409 when already resolved, 502/429/503/504 when
 * the answer could not be sent (the request stays open). With a cluster, the list holds every full
 * node's held requests, each naming its {@code node} ({@code ?scope=local}: this node's only). Ids
 * are per node, so a decision on a cluster names the node ({@code "node"} in the body, from the
 * listing: 400 without it) and is carried out by that node, whichever node was asked.
 */
final class RequestsApi implements RouteMount {

  static final String LIST = "admin.requests.list";
  static final String DECIDE = "admin.requests.decide";
  static final String VIEW = "requests";
  /** The scatter view through which one node asks another to decide a request it holds. */
  static final String DECIDE_VIEW = "requests.decide";
  private static final Duration LIST_LIMIT = Duration.ofSeconds(10);
  private static final Duration DECIDE_LIMIT = Duration.ofMinutes(1);

  private final AdminApiVerticle owner;
  private final RequestDesk desk;

  RequestsApi(AdminApiVerticle owner, RequestDesk desk) {
    this.owner = owner;
    this.desk = desk;
    AdminScatter scatter = owner.scatter();
    if (scatter != null) {
      scatter.serve(VIEW, params -> local(params.getInteger("limit", 100)));
      scatter.serve(DECIDE_VIEW, params -> decideHere(params.getLong("id"),
          params.getBoolean("approve"), params.getString("remark", ""))
          .recover(cause -> Future.succeededFuture(AdminHttp.reply(cause)))
          .map(AdminHttp.Reply::toJson));
    }
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/requests").handler(this::list);
    router.post(AdminAuth.PREFIX + "/requests/:id")
        .handler(BodyHandler.create(false).setBodyLimit(AdminHttp.BODY_LIMIT))
        .handler(this::decide);
  }

  private void list(RoutingContext ctx) {
    int limit;
    boolean cluster;
    try {
      limit = AdminHttp.intParam(ctx, "limit", 1, 1000, 100);
      cluster = AdminHttp.clusterScope(ctx);
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
      return;
    }
    AdminScatter scatter = owner.scatter();
    Future<JsonObject> listed = scatter == null || !cluster ? local(limit)
        : scatter.gather(VIEW, new JsonObject().put("limit", limit))
            .map(answers -> ScatterReply.merge(answers, "requests", List.of("count"), limit));
    listed.onSuccess(body -> JsonReplies.send(ctx, 200, body))
        .onFailure(cause -> AdminHttp.fail(ctx, cause));
  }

  /** This node's open requests. */
  private Future<JsonObject> local(int limit) {
    return owner.task(LIST, "limit " + limit, LIST_LIMIT, () -> desk.open(limit)).map(open -> {
      JsonArray items = new JsonArray();
      open.forEach(p -> items.add(json(p)));
      return new JsonObject().put("count", items.size()).put("requests", items);
    });
  }

  private void decide(RoutingContext ctx) {
    long id;
    boolean approve;
    String remark;
    String node;
    AdminScatter scatter = owner.scatter();
    try {
      id = AdminHttp.id(new JsonObject().put("id", ctx.pathParam("id")), "id");
      JsonObject body = AdminHttp.body(ctx);
      String decision = AdminHttp.optionalText(body, "decision")
          .orElseThrow(() -> new AdminHttp.BadField("decision", "is required: approve or reject"));
      if (!decision.equals("approve") && !decision.equals("reject")) {
        throw new AdminHttp.BadField("decision", "must be approve or reject");
      }
      approve = decision.equals("approve");
      remark = AdminHttp.optionalText(body, "remark").orElse("");
      node = AdminHttp.optionalText(body, "node").orElse(null);
      if (scatter != null && node == null) {
        // Ids repeat across nodes: without the node, request 5 could be another node's 5.
        throw new AdminHttp.BadField("node", "is required on a cluster: the listing's node field"
            + " (request ids are per node)");
      }
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
      return;
    }
    Future<AdminHttp.Reply> decided = scatter == null || node.equals(scatter.nodeName())
        ? decideHere(id, approve, remark)
        : scatter.askNode(node, DECIDE_VIEW, new JsonObject().put("id", id)
            .put("approve", approve).put("remark", remark), DECIDE_LIMIT)
            .map(AdminHttp.Reply::fromJson);
    decided.onSuccess(reply -> JsonReplies.send(ctx, reply.status(), reply.body()))
        .onFailure(cause -> AdminHttp.fail(ctx, cause));
  }

  /** Decides a request this node holds; the outcome as the HTTP answer. */
  private Future<AdminHttp.Reply> decideHere(long id, boolean approve, String remark) {
    return owner.task(DECIDE, "request " + id, DECIDE_LIMIT, () -> desk.resolve(id, approve, remark))
        .map(outcome -> {
          if (outcome instanceof ResolveOutcome.NotFound nf) {
            return new AdminHttp.Reply(404, new JsonObject()
                .put("error", "no request with id " + nf.id()));
          } else if (outcome instanceof ResolveOutcome.AlreadyResolved done) {
            return new AdminHttp.Reply(409, new JsonObject()
                .put("error", "request " + done.id() + " already " + done.how())
                .put("resolution", done.how()));
          }
          ResolveOutcome.Resolved r = (ResolveOutcome.Resolved) outcome;
          return new AdminHttp.Reply(200, json(new PendingRequest(r.request().rowId(),
              r.request().row())).put("resolution", r.resolution().column())
              .put("recorded", r.recorded()));
        });
  }

  static JsonObject json(PendingRequest p) {
    RequestRow r = p.row();
    return new JsonObject()
        .put("id", p.rowId())
        .put("self_id", r.selfId())
        .put("kind", RequestKind.of(r).label())
        .put("user_id", r.userId())
        .put("group_id", r.groupId())
        .put("comment", r.comment())
        .put("flag", r.flag())
        .put("time", r.eventTime().toString())
        .put("received_at", r.receivedAt().toString());
  }
}
