package dev.perocore.social.session.backfill;

import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.ActionResult;
import dev.perocore.social.onebot.BackfillConfig;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.OneBotConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * The backfill's history calls, one after another: each after {@code page_interval}, each a
 * {@value BackfillVerticle#KIND_PAGE} task under the action deadline. A stop cancels the pauses
 * under way and refuses further calls, so a shutdown's drain is not spent waiting here. Used on
 * the backfill verticle's event loop only.
 */
final class PagePacer {

  private final Vertx vertx;
  private final TaskSet tasks;
  private final BackfillConfig config;
  private final OneBotConfig onebot;
  private final OneBotActions actions;
  /** Pauses before a call, by timer id. */
  private final Map<Long, Promise<Void>> pauses = new HashMap<>();
  private boolean stopped;

  PagePacer(Vertx vertx, TaskSet tasks, BackfillConfig config, OneBotConfig onebot,
      OneBotActions actions) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.config = config;
    this.onebot = onebot;
    this.actions = actions;
  }

  /** One call after {@code page_interval}, under its own named deadline. */
  Future<ActionResult> call(ActionRequest request) {
    if (stopped) {
      return Future.failedFuture("the backfill is stopping");
    }
    long pause = config.pageInterval().toMillis();
    Future<Void> waited;
    if (pause <= 0) {
      waited = Future.succeededFuture();
    } else {
      Promise<Void> promise = Promise.promise();
      long timer = vertx.setTimer(pause, id -> {
        pauses.remove(id);
        promise.tryComplete();
      });
      pauses.put(timer, promise);
      waited = promise.future();
    }
    return waited.compose(v -> tasks.run(BackfillVerticle.KIND_PAGE,
        request.action() + " bot " + request.selfId(), onebot.actionTimeout(),
        () -> actions.call(request.withTimeout(onebot.actionTimeout()))));
  }

  /** Cancels the pauses under way (their calls fail) and refuses new calls. */
  void stop() {
    stopped = true;
    pauses.forEach((timer, pause) -> {
      vertx.cancelTimer(timer);
      pause.tryFail("the backfill is stopping");
    });
    pauses.clear();
  }
}
