package dev.perocore.social.ops;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.TaskInfo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /api/v1/tasks}: every tracked task in flight, oldest first; {@code stalled} marks
 * those running longer than guard.stall_after (the ones {@code social_tasks_stalled} counts).
 */
public final class TasksApi implements RouteMount {

  private final Guard guard;

  public TasksApi(Guard guard) {
    this.guard = guard;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/tasks").handler(ctx -> {
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
      JsonReplies.send(ctx, 200, new JsonObject().put("count", tasks.size())
          .put("stalled", stalled).put("stall_after_ms", stallAfter).put("tasks", tasks));
    });
  }
}
