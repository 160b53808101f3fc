package dev.perocore.social.session.admin;

import dev.perocore.social.onebot.BotStatus;
import dev.perocore.social.onebot.ClientRole;
import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.JsonReplies;
import dev.perocore.social.ops.RouteMount;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/bots}: every bot account the gateway knows, connected or not, with the same
 * health facts readiness uses (heartbeat age, silent, degraded) and the one-line problem, if any.
 * A snapshot the gateway keeps current, so no task and no deadline: nothing here waits.
 */
public final class BotsApi implements RouteMount {

  private final Supplier<List<BotStatus>> bots;
  private final LongFunction<JsonObject> backfill;

  /**
   * @param bots the gateway's snapshot of its bots ({@code OneBotGatewayVerticle::bots})
   * @param backfill a bot's latest history backfill, or null when none ran
   */
  public BotsApi(Supplier<List<BotStatus>> bots, LongFunction<JsonObject> backfill) {
    this.bots = bots;
    this.backfill = backfill;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.get(AdminAuth.PREFIX + "/bots").handler(ctx -> {
      JsonArray items = new JsonArray();
      bots.get().forEach(b -> items.add(json(b).put("backfill", backfill.apply(b.selfId()))));
      JsonReplies.send(ctx, 200, new JsonObject().put("count", items.size()).put("bots", items));
    });
  }

  static JsonObject json(BotStatus b) {
    JsonArray roles = new JsonArray();
    b.roles().stream().map(BotsApi::label).sorted().forEach(roles::add);
    return new JsonObject()
        .put("self_id", b.selfId())
        .put("connected", b.connected())
        .put("roles", roles)
        .put("up", b.up())
        .put("silent", b.silent())
        .put("degraded", b.degraded())
        .put("heartbeat_age_ms", b.sinceLastHeartbeat().map(Duration::toMillis).orElse(null))
        .put("heartbeat_interval_ms", b.heartbeatInterval().map(Duration::toMillis).orElse(null))
        .put("last_frame_age_ms", b.sinceLastFrame().map(Duration::toMillis).orElse(null))
        .put("consecutive_action_timeouts", b.consecutiveActionTimeouts())
        .put("queued_sends", b.queuedSends())
        .put("problem", b.problem().orElse(null));
  }

  private static String label(ClientRole role) {
    return role.name().toLowerCase(Locale.ROOT);
  }
}
