package dev.perocore.social.session.admin;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.ops.AdminAuth;
import dev.perocore.social.ops.JsonReplies;
import dev.perocore.social.ops.RouteMount;
import dev.perocore.social.session.SendOutcome;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;

/**
 * {@code POST /api/v1/send} with {@code {self_id, type: private|group, id, message}}: sends the
 * message as that bot and stores it like any reply. {@code message} is either plain text (sent as
 * one text segment: CQ-looking text is not interpreted) or an explicit OneBot segment array (the
 * operator's own choice of segments, validated). 200 when OneBot accepted
 * it; a refusal is 502 with OneBot's retcode, pacing 429, no connection 503, no answer 504 — the
 * failed send is stored either way and shows in the session's messages.
 */
final class SendApi implements RouteMount {

  static final String SEND = "admin.send";
  /** Covers the gateway's pacing queue and the action deadline; the gateway answers first. */
  private static final Duration SEND_LIMIT = Duration.ofMinutes(3);

  private final AdminApiVerticle owner;

  SendApi(AdminApiVerticle owner) {
    this.owner = owner;
  }

  @Override
  public void mount(Vertx vertx, Router router) {
    router.post(AdminAuth.PREFIX + "/send")
        .handler(BodyHandler.create(false).setBodyLimit(AdminHttp.BODY_LIMIT))
        .handler(this::send);
  }

  private void send(RoutingContext ctx) {
    ChatKey key;
    Message message;
    try {
      JsonObject body = AdminHttp.body(ctx);
      long selfId = AdminHttp.id(body, "self_id");
      String type = AdminHttp.optionalText(body, "type")
          .orElseThrow(() -> new AdminHttp.BadField("type", "is required: private or group"));
      ChatType sessionType;
      try {
        sessionType = ChatType.fromLabel(type);
      } catch (IllegalArgumentException e) {
        throw new AdminHttp.BadField("type", "must be private or group");
      }
      long id = AdminHttp.id(body, "id");
      message = message(body);
      key = new ChatKey(selfId, sessionType, id);
    } catch (RuntimeException e) {
      AdminHttp.fail(ctx, e);
      return;
    }
    owner.task(SEND, key.toString(), SEND_LIMIT, () -> owner.outbound().send(key, message, "admin", answered -> {}))
        .onSuccess(outcome -> reply(ctx, outcome))
        .onFailure(cause -> AdminHttp.fail(ctx, cause));
  }

  private static Message message(JsonObject body) {
    if (body.getValue("message") instanceof JsonArray segments) {
      Message parsed;
      try {
        parsed = Message.parse(withStringValues(segments));
      } catch (IllegalArgumentException e) {
        throw new AdminHttp.BadField("message", e.getMessage());
      }
      if (parsed.isEmpty()) {
        throw new AdminHttp.BadField("message", "must not be an empty segment array");
      }
      return parsed;
    }
    return Message.ofText(AdminHttp.requiredText(body, "message"));
  }

  /**
   * OneBot v11's segment values are strings: a number is sent as its plain decimal string (an id
   * is often written as one), a boolean or null is a 400 naming the value. Arrays and objects pass
   * as they are (a forward {@code node}'s content is a message). Inbound frames stay lenient
   * (Message.parse); this is what we send.
   */
  private static JsonArray withStringValues(JsonArray segments) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < segments.size(); i++) {
      if (!(segments.getValue(i) instanceof JsonObject segment)
          || !(segment.getValue("data") instanceof JsonObject data)) {
        out.add(segments.getValue(i)); // Message.parse names what is wrong with it
        continue;
      }
      JsonObject strings = new JsonObject();
      for (String name : data.fieldNames()) {
        Object value = data.getValue(name);
        if (value instanceof String || value instanceof JsonArray || value instanceof JsonObject) {
          strings.put(name, value); // an array: a node segment's content, itself a message
        } else if (value instanceof Number n) {
          strings.put(name, new java.math.BigDecimal(n.toString()).toPlainString());
        } else {
          throw new AdminHttp.BadField("message", "message[" + i + "].data." + name
              + " must be a string");
        }
      }
      out.add(segment.copy().put("data", strings));
    }
    return out;
  }

  private static void reply(RoutingContext ctx, SendOutcome outcome) {
    JsonObject body = new JsonObject()
        .put("key", outcome.key().toString())
        .put("result", outcome.result().label())
        .put("sent", outcome.sent())
        .put("stored", outcome.stored());
    outcome.messageId().ifPresent(id -> body.put("message_id", id));
    if (!outcome.sent()) {
      body.put("error", outcome.error()).put("retcode", outcome.retcode());
    }
    int status = switch (outcome.result()) {
      case SENT -> 200;
      case FAILED -> 502;
      case RATE_LIMITED -> 429;
      case UNAVAILABLE -> 503;
      case TIMEOUT -> 504;
      case ERROR -> 500;
    };
    JsonReplies.send(ctx, status, body);
  }
}
