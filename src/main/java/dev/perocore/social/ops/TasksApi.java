package dev.perocore.social.ops;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.TaskInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/v1/tasks}: every tracked task in flight, oldest first; {@code stalled} marks
 * those running longer than guard.stall_after (the ones {@code social_tasks_stalled} counts). With
 * a cluster, every full node's tasks, each naming its {@code node} ({@code ?scope=local}: this
 * node's only).
 */
public final class TasksApi implements RouteMount {

  static final String VIEW = "tasks";

  private final Guard guard;
  private final AdminScatter scatter;

  public TasksApi(Guard guard) {
    this(guard, null);
  }

  /** With {@code scatter} (a cluster): the list holds every full node's tasks. */
  public TasksApi(Guard guard, AdminScatter scatter) {
    this.guard = guard;
    this.scatter = scatter;
    if (scatter != null) {
      scatter.serve(VIEW, params -> Future.succeededFuture(local()));
    }
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/tasks").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    boolean cluster;
    try {
      cluster = AdminScatter.wantsCluster(ctx);
    } catch (IllegalArgumentException e) {
      JsonReplies.badField(ctx, "scope", e.getMessage());
      return;
    }
    if (scatter == null || !cluster) {
      JsonReplies.send(ctx, 200, local());
      return;
    }
    scatter.gather(VIEW, new JsonObject())
        .onSuccess(answers -> JsonReplies.send(ctx, 200, ScatterReply.merge(answers, "tasks",
            List.of("count", "stalled"), Integer.MAX_VALUE)))
        .onFailure(cause -> JsonReplies.error(ctx, 500, String.valueOf(cause.getMessage())));
  }

  private JsonObject local() {
    JsonArray tasks = new JsonArray();
    long stallAfter = guard.config().stallAfter().toMillis();
    int stalled = 0;
    for (TaskInfo task : guard.tasksInFlight()) {
      tasks.add(new JsonObject()
          .put("owner", task.owner())
          .put("kind", task.kind())
          .put("detail", task.detail())
          .put("age_ms", task.age().toMillis())
          .put("timed_out", task.timedOut())
          .put("stalled", task.age().toMillis() >= stallAfter));
      stalled += task.age().toMillis() >= stallAfter ? 1 : 0;
    }
    return new JsonObject().put("count", tasks.size())
        .put("stalled", stalled).put("stall_after_ms", stallAfter).put("tasks", tasks);
  }
}
