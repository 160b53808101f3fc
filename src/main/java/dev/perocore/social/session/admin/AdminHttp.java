package dev.perocore.social.session.admin;

import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.onebot.ActionFailedException;
import dev.perocore.social.onebot.ActionRateLimitedException;
import dev.perocore.social.onebot.BotUnavailableException;
import dev.perocore.social.ops.JsonReplies;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small shared pieces of the admin handlers: bodies, fields, and how failures map to statuses. */
final class AdminHttp {

  private static final Logger LOG = LoggerFactory.getLogger(AdminHttp.class);

  /** Largest admin request body. */
  static final long BODY_LIMIT = 64 * 1024;

  private AdminHttp() {}

  /** A field's complaint; becomes a 400 naming the field. */
  static final class BadField extends RuntimeException {
    final String field;

    BadField(String field, String reason) {
      super(reason, null, false, false);
      this.field = field;
    }
  }

  /** The JSON object body; an empty body is {@code {}}. */
  static JsonObject body(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new BadField("body", "must be a JSON object");
    }
  }

  /** A required id: a JSON number or a string of digits. */
  static long id(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() > 0) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        long parsed = Long.parseLong(s.trim());
        if (parsed > 0) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // falls through to the complaint
      }
    }
    throw new BadField(field, value == null ? "is required" : "must be a positive integer id");
  }

  static Optional<String> optionalText(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String s)) {
      throw new BadField(field, "must be a string");
    }
    return Optional.of(s);
  }

  static String requiredText(JsonObject body, String field) {
    String text = optionalText(body, field).orElseThrow(() -> new BadField(field, "is required"));
    if (text.isBlank()) {
      throw new BadField(field, "must not be empty");
    }
    return text;
  }

  /** A query parameter in {@code [min, max]}, or {@code fallback} when absent. */
  static int intParam(RoutingContext ctx, String name, int min, int max, int fallback) {
    String text = ctx.request().getParam(name);
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the complaint
    }
    throw new BadField(name, "must be an integer from " + min + " to " + max);
  }

  /** {@code ?scope=cluster} (default) or {@code local}; anything else is a 400 naming scope. */
  static boolean clusterScope(RoutingContext ctx) {
    try {
      return dev.perocore.social.ops.AdminScatter.wantsCluster(ctx);
    } catch (IllegalArgumentException e) {
      throw new BadField("scope", e.getMessage());
    }
  }

  /** Answers a failure: a bad field is 400, OneBot's typed failures 502/429/503/504, else 500. */
  static void fail(RoutingContext ctx, Throwable cause) {
    if (cause instanceof BadField bad) {
      JsonReplies.badField(ctx, bad.field, bad.getMessage());
    } else if (cause instanceof ActionFailedException failed) {
      JsonReplies.send(ctx, 502, new JsonObject().put("error", failed.getMessage())
          .put("retcode", failed.retcode()).put("status", failed.status())
          .put("wording", failed.wording()));
    } else if (cause instanceof ActionRateLimitedException limited) {
      JsonReplies.error(ctx, 429, limited.getMessage());
    } else if (cause instanceof BotUnavailableException unavailable) {
      JsonReplies.error(ctx, 503, unavailable.getMessage());
    } else if (cause instanceof OperationTimeoutException timeout) {
      JsonReplies.send(ctx, 504, new JsonObject().put("error", timeout.getMessage())
          .put("op", timeout.operation()));
    } else {
      LOG.warn("admin {} {} failed: {}", ctx.request().method(), ctx.request().path(),
          cause.toString());
      JsonReplies.error(ctx, 500, String.valueOf(cause.getMessage()));
    }
  }
}
