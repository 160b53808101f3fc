package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.ActionFailedException;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.ActionResult;
import dev.perocore.social.onebot.BotUnavailableException;
import dev.perocore.social.onebot.OneBotConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * One action on the bot's action connection, after pacing: sent with its deadline, correlated by
 * echo, and accounted — {@code social_onebot_actions_total{action,status}}, the action time, and
 * the bot's degraded state: {@code onebot.action_failure_limit} timeouts in a row make it degraded
 * and send a {@code get_status} canary; any answer ends it. Runs on the gateway's context.
 */
public final class ActionDispatch {

  private final Vertx vertx;
  private final TaskSet tasks;
  private final OneBotConfig config;
  private final OneBotMetrics metrics;
  private final RateLimitedLog limited;
  private final Logger log;

  /**
   * @param log the gateway's logger: operators' log filters and alerts' texts name it for the
   *     degraded and canary lines
   */
  public ActionDispatch(Vertx vertx, TaskSet tasks, OneBotConfig config, OneBotMetrics metrics,
      RateLimitedLog limited, Logger log) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.config = config;
    this.metrics = metrics;
    this.limited = limited;
    this.log = log;
  }

  /** Sends {@code request} on the bot's action connection now (its pacing is done). */
  public Future<ActionResult> send(Bot bot, ActionRequest request) {
    OneBotConnection connection = bot.actionConnection();
    if (connection == null) {
      metrics.action(request.action(), "unavailable", null);
      return Future.failedFuture(new BotUnavailableException(request.selfId(), request.action(),
          "no connection carries its actions now"));
    }
    Duration limit = request.timeout().orElse(config.actionTimeout());
    long start = System.nanoTime();
    return connection.request(request, limit, tasks, vertx)
        .andThen(result -> account(bot, request, result.cause(), System.nanoTime() - start));
  }

  private void account(Bot bot, ActionRequest request, Throwable cause, long nanos) {
    Duration took = Duration.ofNanos(nanos);
    if (cause == null || cause instanceof ActionFailedException) {
      metrics.action(request.action(), cause == null ? "ok" : "failed", took);
      if (cause != null) {
        limited.warn("action-failed:" + request.action(), "{}", cause.getMessage());
      }
      if (bot.actionAnswered()) {
        log.info("bot {}: actions are answered again; no longer degraded", bot.selfId());
      }
    } else if (cause instanceof OperationTimeoutException) {
      metrics.action(request.action(), "timeout", took);
      limited.warn("action-timeout:" + request.action(), "bot {}: {} got no answer within {} ms",
          bot.selfId(), request.action(), request.timeout().orElse(config.actionTimeout()).toMillis());
      if (bot.actionTimedOut()) {
        log.error("bot {}: degraded: {} consecutive action timeouts (events may still arrive);"
            + " sending a get_status canary", bot.selfId(), config.actionFailureLimit());
        canary(bot);
      }
    } else {
      metrics.action(request.action(), "unavailable", took);
    }
  }

  private void canary(Bot bot) {
    if (bot.canaryInFlight()) {
      return;
    }
    bot.canaryInFlight(true);
    send(bot, ActionRequest.of(bot.selfId(), "get_status", new JsonObject()))
        .onComplete(result -> {
          bot.canaryInFlight(false);
          if (result.succeeded()) {
            log.info("bot {}: get_status canary answered: {}", bot.selfId(),
                result.result().dataObject().encode());
          } else {
            log.error("bot {}: get_status canary failed: {}", bot.selfId(),
                result.cause().getMessage());
          }
        });
  }
}
