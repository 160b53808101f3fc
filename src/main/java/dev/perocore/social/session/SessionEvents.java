package dev.perocore.social.session;

import dev.perocore.social.onebot.EventsPublisher;
import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.store.RequestRow;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * What the session layer tells subscribers (issue 17), beside the gateway's {@link
 * EventsPublisher}: every outbound message's outcome on {@code social.events.outbound} and every
 * decision on a friend request or group invite on {@code social.events.request_outcome}, as
 * versioned JSON (README "Subscribers" documents every field; the names are a contract).
 *
 * <p>Publish is fire-and-forget on the caller's context and never fails the caller: a handful of
 * fields per send or decision (both are rare next to inbound messages), nothing when no one
 * listens but a lookup.
 */
public final class SessionEvents {

  public static final String OUTBOUND = "outbound";
  public static final String REQUEST_OUTCOME = "request_outcome";
  public static final int VERSION = EventsPublisher.VERSION;

  private SessionEvents() {}

  /**
   * The outcome of one send: sent, or why not (a failed send is published too: a subscriber that
   * keeps a transcript must know the answer never reached QQ).
   *
   * @param reason why it was sent ({@code reply}, {@code greeting}, {@code owner_notice}, {@code
   *     admin})
   * @param message what was sent, as stored (a sticker's bytes replaced by its name)
   */
  public static JsonObject outbound(SendOutcome outcome, String reason, Message message,
      long atMillis) {
    return header(OUTBOUND, outcome.key().selfId())
        .put("session", outcome.key().toString())
        .put("chat", new JsonObject().put("type", outcome.key().type().label())
            .put("peer_id", outcome.key().peerId()))
        .put("reason", reason.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_'))
        .put("result", outcome.result().label())
        .put("message_id", outcome.messageId().orElse(null))
        .put("retcode", outcome.retcode())
        .put("error", outcome.error())
        .put("stored", outcome.stored())
        .put("text", message.toCqString())
        .put("message", message.toJsonArray())
        .put("at_ms", atMillis);
  }

  /**
   * A decision on a request: {@code approved}, {@code rejected}, {@code held} (left for the owner)
   * or {@code failed} (the answer could not be sent: it stays open, held for the owner).
   *
   * @param kind {@code friend}, {@code group_invite} or {@code group_add}
   * @param by who decided: {@code policy}, {@code brain} or {@code admin}
   * @param detail the whole why ({@code brain timeout}, an admin's remark, a failure), may be empty
   */
  public static JsonObject requestOutcome(RequestRow row, String kind, String outcome, String by,
      String detail, long atMillis) {
    return header(REQUEST_OUTCOME, row.selfId())
        .put("request_kind", kind)
        .put("outcome", outcome)
        .put("by", by)
        .put("detail", detail)
        .put("user_id", row.userId())
        .put("group_id", row.groupId())
        .put("comment", row.comment())
        .put("flag", row.flag())
        .put("at_ms", atMillis);
  }

  /** Publishes {@code event} from the current Vert.x context; off a context, nothing. */
  public static void publish(JsonObject event) {
    Context context = Vertx.currentContext();
    if (context != null) {
      context.owner().eventBus().publish(EventsPublisher.PREFIX + event.getString("kind"), event);
    }
  }

  private static JsonObject header(String kind, long selfId) {
    return new JsonObject().put("v", VERSION).put("kind", kind).put("self_id", selfId);
  }
}
