package dev.perocore.social.session.admin;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.ops.JsonReplies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One read-only list of a session's stored rows ({@code GET .../sessions/{key}/<field>?limit=N},
 * 1..1000, default 50): the key and limit checked (a 400 naming the field), the read run as an
 * admin task under its named deadline, the rows answered as {@code {key, count, <field>: [...]}}.
 */
record SessionListRoute<T>(AdminApiVerticle owner, String taskKind, String field,
    BiFunction<ChatKey, Integer, Future<List<T>>> read, Function<T, JsonObject> json) {

  private static final Duration READ_LIMIT = Duration.ofSeconds(10);

  void handle(RoutingContext ctx) {
    ChatKey session;
    int limit;
    try {
      try {
        session = ChatKey.parse(ctx.pathParam("key"));
      } catch (IllegalArgumentException e) {
        throw new AdminHttp.BadField("key", e.getMessage());
      }
      limit = AdminHttp.intParam(ctx, "limit", 1, 1000, 50);
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
      return;
    }
    owner.task(taskKind, session.toString(), READ_LIMIT, () -> read.apply(session, limit))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(json.apply(row)));
          JsonReplies.send(ctx, 200, new JsonObject().put("key", session.toString())
              .put("count", items.size()).put(field, items));
        })
        .onFailure(cause -> AdminHttp.fail(ctx, cause));
  }
}
