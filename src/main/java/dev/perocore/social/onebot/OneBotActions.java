package dev.perocore.social.onebot;

import dev.perocore.social.guard.OperationTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends OneBot actions through the gateway over the event bus ({@link OneBotAddresses#ACTION},
 * request/reply), from any verticle. Failures come back typed exactly as the gateway raised them:
 * {@link ActionFailedException} (with retcode and wording), {@link ActionRateLimitedException},
 * {@link BotUnavailableException}, or the guard's {@link OperationTimeoutException}.
 *
 * <p>The reply deadline covers the longest a send may wait for pacing budget plus the action's own
 * deadline, so the gateway — not the bus — decides when an action has failed.
 */
public final class OneBotActions {

  /** Reply failure codes on {@link OneBotAddresses#ACTION}; the failure message is JSON. */
  public static final int CODE_FAILED = 1;
  public static final int CODE_TIMEOUT = 2;
  public static final int CODE_RATE_LIMITED = 3;
  public static final int CODE_UNAVAILABLE = 4;
  public static final int CODE_BAD_REQUEST = 5;
  public static final int CODE_INTERNAL = 6;

  private final EventBus bus;
  private final OneBotConfig config;

  public OneBotActions(EventBus bus, OneBotConfig config) {
    this.bus = bus;
    this.config = config;
  }

  public Future<ActionResult> call(ActionRequest request) {
    Duration limit = request.timeout().orElse(config.actionTimeout());
    Duration replyWithin = limit.plus(config.sendQueueTimeout()).plusSeconds(2);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(replyWithin.toMillis())
        .setLocalOnly(true);
    return bus.<JsonObject>request(OneBotAddresses.ACTION, request.toJson(), options)
        .map(reply -> ActionResult.fromJson(reply.body()))
        .recover(cause -> Future.failedFuture(decode(cause, request, replyWithin)));
  }

  /** {@code send_private_msg}; completes with the message id the implementation returned. */
  public Future<String> sendPrivateMessage(long selfId, long userId, Object message) {
    return call(ActionRequest.of(selfId, "send_private_msg",
        new JsonObject().put("user_id", userId).put("message", message)))
        .map(result -> result.messageId().orElse(""));
  }

  /** {@code send_group_msg}; completes with the message id the implementation returned. */
  public Future<String> sendGroupMessage(long selfId, long groupId, Object message) {
    return call(ActionRequest.of(selfId, "send_group_msg",
        new JsonObject().put("group_id", groupId).put("message", message)))
        .map(result -> result.messageId().orElse(""));
  }

  // ---- the wire form of failures (used by the gateway to reply, and here to read the reply) ----

  /** The reply failure code for a gateway-side failure. */
  public static int failureCode(Throwable cause) {
    if (cause instanceof ActionFailedException) {
      return CODE_FAILED;
    } else if (cause instanceof OperationTimeoutException) {
      return CODE_TIMEOUT;
    } else if (cause instanceof ActionRateLimitedException) {
      return CODE_RATE_LIMITED;
    } else if (cause instanceof BotUnavailableException) {
      return CODE_UNAVAILABLE;
    } else if (cause instanceof IllegalArgumentException) {
      return CODE_BAD_REQUEST;
    }
    return CODE_INTERNAL;
  }

  /** The reply failure message (JSON) for a gateway-side failure. */
  public static String failureMessage(Throwable cause, ActionRequest request) {
    JsonObject json = new JsonObject().put("message", String.valueOf(cause.getMessage()));
    if (request != null) {
      json.put("self_id", Long.toString(request.selfId())).put("action", request.action());
    }
    if (cause instanceof ActionFailedException failed) {
      json.put("status", failed.status()).put("retcode", failed.retcode())
          .put("wording", failed.wording());
      failed.userId().ifPresent(u -> json.put("user_id", u));
      failed.groupId().ifPresent(g -> json.put("group_id", g));
    } else if (cause instanceof BotUnavailableException unavailable) {
      json.put("never_connected", unavailable.neverConnected());
      json.put("why", unavailable.why());
    } else if (cause instanceof OperationTimeoutException timeout) {
      json.put("op", timeout.operation()).put("limit_ms", timeout.limit().toMillis());
    }
    return json.encode();
  }

  static Throwable decode(Throwable cause, ActionRequest request, Duration replyWithin) {
    if (!(cause instanceof ReplyException reply)) {
      return cause;
    }
    if (reply.failureType() == ReplyFailure.TIMEOUT) {
      return new OperationTimeoutException("onebot.action.reply", replyWithin);
    }
    if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return new BotUnavailableException(request.selfId(), request.action(),
          "no OneBot gateway is listening on " + OneBotAddresses.ACTION);
    }
    JsonObject json;
    try {
      json = new JsonObject(String.valueOf(reply.getMessage()));
    } catch (RuntimeException e) {
      json = new JsonObject().put("message", String.valueOf(reply.getMessage()));
    }
    String message = json.getString("message", "");
    return switch (reply.failureCode()) {
      case CODE_FAILED -> new ActionFailedException(request.selfId(), request.action(),
          json.getString("status", "failed"), json.getInteger("retcode", -1),
          json.getString("wording", ""), Optional.ofNullable(json.getString("user_id")),
          Optional.ofNullable(json.getString("group_id")));
      case CODE_TIMEOUT -> new OperationTimeoutException(json.getString("op", "onebot.action"),
          Duration.ofMillis(json.getLong("limit_ms", 0L)));
      case CODE_RATE_LIMITED -> new ActionRateLimitedException(request.selfId(), request.action(),
          message);
      case CODE_UNAVAILABLE -> BotUnavailableException.of(request.selfId(), request.action(),
          json.getString("why", message), json.getBoolean("never_connected", false));
      case CODE_BAD_REQUEST -> new IllegalArgumentException(message);
      default -> new IllegalStateException("gateway failed: " + message);
    };
  }
}
