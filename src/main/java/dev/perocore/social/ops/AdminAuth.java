package dev.perocore.social.ops;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards everything under {@code /api/v1/}: {@code Authorization: Bearer <admin.token>}, compared
 * in constant time; 401 without it. With no token configured the admin API is off (403 saying
 * so), because an open admin API on a chat bot is worse than none. The index and the OpenAPI
 * description ({@link ApiIndex}) are open: they describe the API and show no data.
 */
public final class AdminAuth implements RouteMount {

  public static final String PREFIX = "/api/v1";

  private final Optional<byte[]> token;

  public AdminAuth(Optional<String> token) {
    this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.route(PREFIX + "/*").order(-1000).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    if (ApiIndex.isOpen(ctx.request().path())) {
      ctx.next();
      return;
    }
    if (token.isEmpty()) {
      JsonReplies.error(ctx, 403, "admin API disabled: set admin.token");
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    byte[] offered = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
        : new byte[0];
    if (!MessageDigest.isEqual(offered, token.get())) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"social-adapter\"");
      JsonReplies.error(ctx, 401, "missing or wrong bearer token");
      return;
    }
    ctx.next();
  }
}
