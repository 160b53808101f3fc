package dev.perocore.social.ops;

import dev.perocore.social.guard.Guard;
import dev.perocore.social.guard.TaskInfo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** {@code GET /api/v1/tasks}: every tracked task in flight, oldest first. */
public final class TasksApi implements RouteMount {

  private final Guard guard;

  public TasksApi(Guard guard) {
    this.guard = guard;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/tasks").handler(ctx -> {
      JsonArray tasks = new JsonArray();
      for (TaskInfo task : guard.tasksInFlight()) {
        tasks.add(new JsonObject()
            .put("owner", task.owner())
            .put("kind", task.kind())
            .put("detail", task.detail())
            .put("age_ms", task.age().toMillis())
            .put("timed_out", task.timedOut()));
      }
      JsonReplies.send(ctx, 200, new JsonObject().put("count", tasks.size()).put("tasks", tasks));
    });
  }
}
