package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.onebot.BotIds;
import dev.perocore.social.onebot.ClientRole;
import dev.perocore.social.onebot.RefusalReason;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may open a reverse WebSocket, in the order it is checked: the gateway is reading (else 503,
 * counted {@code stopping}), it is an upgrade (400), the access token (401, {@code token}), a
 * numeric {@code X-Self-ID} (400, {@code bad_self_id}), {@code onebot.allowed_bots} (403) and a
 * free slot under {@code onebot.max_connections} (503). Every refusal is answered with its reason,
 * counted in {@code social_onebot_connections_refused_total{reason}} and logged (rate-limited).
 */
public final class ReverseUpgrade {

  /** What an admitted upgrade becomes: the gateway opens the connection. */
  public interface Opener {
    void open(ServerWebSocket ws, ClientRole role, long selfId);
  }

  private static final Logger LOG = LoggerFactory.getLogger(ReverseUpgrade.class);

  private final AccessTokenCheck tokens;
  private final ConnectionLimits limits;
  private final OneBotMetrics metrics;
  private final RateLimitedLog limited;
  private final BooleanSupplier accepting;
  private final int maxConnections;
  private final Opener opener;

  /**
   * @param accepting whether the gateway reads new connections now (false while stopping)
   * @param limited the gateway's rate-limited log (one budget for its warnings)
   */
  public ReverseUpgrade(AccessTokenCheck tokens, ConnectionLimits limits, OneBotMetrics metrics,
      RateLimitedLog limited, BooleanSupplier accepting, int maxConnections, Opener opener) {
    this.tokens = tokens;
    this.limits = limits;
    this.metrics = metrics;
    this.limited = limited;
    this.accepting = accepting;
    this.maxConnections = maxConnections;
    this.opener = opener;
  }

  /** Handles an upgrade request on a path that fixes the role, or null: X-Client-Role says. */
  public void handle(RoutingContext ctx, ClientRole pathRole) {
    HttpServerRequest request = ctx.request();
    if (!accepting.getAsBoolean()) {
      metrics.refused(RefusalReason.STOPPING);
      refuse(ctx, 503, "OneBot gateway not running");
      return;
    }
    if (!request.canUpgradeToWebSocket()) {
      refuse(ctx, 400, "WebSocket upgrade expected");
      return;
    }
    if (!tokens.accepts(request)) {
      limited.warn("auth", "refused a OneBot connection to {} from {}: missing or wrong access"
          + " token (401)", request.path(), request.remoteAddress());
      metrics.refused(RefusalReason.TOKEN);
      refuse(ctx, 401, "access token missing or wrong");
      return;
    }
    long selfId = BotIds.parse(request.getHeader("X-Self-ID"));
    if (!BotIds.isKnown(selfId)) {
      limited.warn("self-id", "refused a OneBot connection to {} from {}: X-Self-ID missing or not"
          + " a number ({})", request.path(), request.remoteAddress(), request.getHeader("X-Self-ID"));
      metrics.refused(RefusalReason.BAD_SELF_ID);
      refuse(ctx, 400, "X-Self-ID header (the bot's account) required");
      return;
    }
    if (!limits.allows(selfId)) {
      limited.warn("not-allowed", "refused a OneBot connection from {}: bot {} is not in"
          + " onebot.allowed_bots (403)", request.remoteAddress(), selfId);
      refuse(ctx, 403, "this bot is not allowed here");
      return;
    }
    if (!limits.tryOpen()) {
      limited.warn("max-connections", "refused a OneBot connection from {} (bot {}):"
          + " onebot.max_connections {} are open (503)", request.remoteAddress(), selfId,
          maxConnections);
      refuse(ctx, 503, "too many OneBot connections");
      return;
    }
    ClientRole role = pathRole != null ? pathRole
        : ClientRole.parse(request.getHeader("X-Client-Role")).orElse(ClientRole.UNIVERSAL);
    request.toWebSocket()
        .onSuccess(ws -> opener.open(ws, role, selfId))
        .onFailure(cause -> limits.release())
        .onFailure(cause -> limited.warn("upgrade", "OneBot WebSocket upgrade from {} failed: {}",
            request.remoteAddress(), cause.getMessage()));
  }

  private static void refuse(RoutingContext ctx, int status, String why) {
    ctx.response().setStatusCode(status).end(why)
        .onFailure(cause -> LOG.debug("refusal {} not delivered: {}", status, cause.toString()));
  }
}
