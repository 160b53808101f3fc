package dev.perocore.social.session.admin;

import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.onebot.ActionFailedException;
import dev.perocore.social.onebot.ActionRateLimitedException;
import dev.perocore.social.onebot.BotUnavailableException;
import dev.perocore.social.ops.JsonReplies;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
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
      return;
    }
    Reply reply = reply(cause);
    if (reply.status() == 500) {
      LOG.warn("admin {} {} failed: {}", ctx.request().method(), ctx.request().path(),
          cause.toString());
    }
    JsonReplies.send(ctx, reply.status(), reply.body());
  }

  /** A status and its JSON body: what a handler answers, also when another node computed it. */
  record Reply(int status, JsonObject body) {

    JsonObject toJson() {
      return new JsonObject().put("status", status).put("body", body);
    }

    static Reply fromJson(JsonObject json) {
      return new Reply(json.getInteger("status", 500), json.getJsonObject("body",
          new JsonObject().put("error", "no body")));
    }
  }

  /** How a failure maps to a status (the action's own failures keep their details). */
  static Reply reply(Throwable cause) {
    if (cause instanceof BadField bad) {
      return new Reply(400, new JsonObject().put("error", bad.field + ": " + bad.getMessage())
          .put("field", bad.field));
    } else if (cause instanceof ActionFailedException failed) {
      return new Reply(502, new JsonObject().put("error", failed.getMessage())
          .put("retcode", failed.retcode()).put("status", failed.status())
          .put("wording", failed.wording()));
    } else if (cause instanceof ActionRateLimitedException limited) {
      return new Reply(429, new JsonObject().put("error", limited.getMessage()));
    } else if (cause instanceof BotUnavailableException unavailable) {
      return new Reply(503, new JsonObject().put("error", unavailable.getMessage()));
    } else if (cause instanceof ReplyException peer) {
      // Another node's answer or its absence (admin scatter): say which, not a bare 500.
      int status = peer.failureType() == ReplyFailure.TIMEOUT ? 504
          : peer.failureType() == ReplyFailure.NO_HANDLERS ? 503
          : peer.failureCode() == 404 ? 404 : 502;
      return new Reply(status, new JsonObject().put("error", String.valueOf(peer.getMessage())));
    } else if (cause instanceof OperationTimeoutException timeout) {
      return new Reply(504, new JsonObject().put("error", timeout.getMessage())
          .put("op", timeout.operation()));
    }
    return new Reply(500, new JsonObject().put("error", String.valueOf(cause.getMessage())));
  }
}
