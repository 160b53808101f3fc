package dev.perocore.social.sim;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bot's answers to the gateway's actions: records every action frame received, and answers
 * each as its {@link ActionBehaviour} says (per action, else the default), on the connection it
 * came in on.
 */
final class ActionResponder {

  private final Vertx vertx;
  private final long selfId;
  /** Ids of the messages we "send"; the first is 900,001 unless a run asks for another range. */
  private final AtomicLong sentMessageIds = new AtomicLong(900_000);
  private final Map<String, ActionBehaviour> behaviours = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<JsonObject> received = new ConcurrentLinkedQueue<>();
  /** When each received frame arrived (System.nanoTime), by identity: tests measure gaps. */
  private final Map<JsonObject, Long> receivedAt =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
  private volatile ActionBehaviour defaultBehaviour = ActionBehaviour.ok();
  private final SimHistory history;
  private volatile String appName = "NapCat.Onebot";
  private volatile boolean historyActions = true;

  ActionResponder(Vertx vertx, long selfId, SimHistory history) {
    this.vertx = vertx;
    this.selfId = selfId;
    this.history = history;
  }

  /** What get_version_info says; whether the history actions exist (else retcode 1404). */
  void implementation(String appName, boolean historyActions) {
    this.appName = appName;
    this.historyActions = historyActions;
  }

  /** The next sent message gets {@code first} as its id. */
  void sentMessageIdsFrom(long first) {
    sentMessageIds.set(first - 1);
  }

  void answer(String action, ActionBehaviour behaviour) {
    behaviours.put(action, behaviour);
  }

  void answerAll(ActionBehaviour behaviour) {
    behaviours.clear();
    defaultBehaviour = behaviour;
  }

  List<JsonObject> received() {
    return List.copyOf(received);
  }

  long receivedNanos(JsonObject action) {
    Long at = receivedAt.get(action);
    if (at == null) {
      throw new IllegalArgumentException("not an action this simulator received");
    }
    return at;
  }

  List<JsonObject> received(String action) {
    return received.stream().filter(a -> action.equals(a.getString("action"))).toList();
  }

  /** One text message from the gateway on {@code ws}; frames that are not JSON are ignored. */
  void onAction(WebSocketBase ws, String text) {
    JsonObject request;
    try {
      request = new JsonObject(text);
    } catch (RuntimeException e) {
      return;
    }
    receivedAt.put(request, System.nanoTime());
    received.add(request);
    String action = request.getString("action", "");
    ActionBehaviour behaviour = behaviours.getOrDefault(action, defaultBehaviour);
    Object echo = request.getValue("echo");
    if (behaviour instanceof ActionBehaviour.Failed failed) {
      reply(ws, new JsonObject().put("status", "failed").put("retcode", failed.retcode())
          .putNull("data").put("message", failed.wording()).put("wording", failed.wording())
          .put("echo", echo));
    } else if (behaviour instanceof ActionBehaviour.Slow slow) {
      vertx.setTimer(Math.max(1, slow.delay().toMillis()),
          id -> reply(ws, okResponse(action, request, echo)));
    } else if (behaviour instanceof ActionBehaviour.Gated gated) {
      Context here = vertx.getOrCreateContext();
      gated.gate().onComplete(
          ar -> here.runOnContext(v -> reply(ws, okResponse(action, request, echo))));
    } else if (behaviour instanceof ActionBehaviour.Ok) {
      reply(ws, okResponse(action, request, echo));
    }
    // Never: no answer at all.
  }

  private JsonObject okResponse(String action, JsonObject request, Object echo) {
    if (action.endsWith("_msg_history") || action.equals("get_recent_contact")) {
      String[] failure = new String[1];
      Object data = historyActions
          ? history.answer(action, request.getJsonObject("params", new JsonObject()), failure)
          : null;
      if (data == null) {
        // NapCat's answers: an unknown anchor fails with 200; an implementation without the
        // action answers 1404.
        int retcode = historyActions ? 200 : 1404;
        String wording = historyActions ? failure[0] : "不支持的Api " + action;
        return new JsonObject().put("status", "failed").put("retcode", retcode).putNull("data")
            .put("message", wording).put("wording", wording).put("echo", echo);
      }
      return new JsonObject().put("status", "ok").put("retcode", 0).put("data", data)
          .put("message", "").put("wording", "").put("echo", echo);
    }
    JsonObject data = switch (action) {
      case "get_version_info" -> new JsonObject().put("app_name", appName)
          .put("app_version", "4.18.0").put("protocol_version", "v11");
      case "send_private_msg", "send_group_msg", "send_msg" ->
          new JsonObject().put("message_id", sentMessageIds.incrementAndGet());
      case "get_login_info" -> new JsonObject().put("user_id", selfId).put("nickname", "sim-" + selfId);
      case "get_status" -> new JsonObject().put("online", true).put("good", true);
      case "get_group_info" -> groupInfo(request.getJsonObject("params", new JsonObject()));
      default -> new JsonObject();
    };
    return new JsonObject().put("status", "ok").put("retcode", 0).put("data", data)
        .put("message", "").put("wording", "").put("echo", echo);
  }

  /** NapCat's answer's shape; the name is {@code 测试群 <id>}, so tests can tell it from the id. */
  private static JsonObject groupInfo(JsonObject params) {
    Object id = params.getValue("group_id");
    long groupId = id instanceof Number n ? n.longValue() : 0;
    if (id instanceof String text && text.matches("\\d{1,18}")) {
      groupId = Long.parseLong(text);
    }
    return new JsonObject().put("group_id", groupId).put("group_name", "测试群 " + groupId)
        .put("group_remark", "").put("member_count", 20).put("max_member_count", 200);
  }

  private static void reply(WebSocketBase ws, JsonObject response) {
    if (!ws.isClosed()) {
      ws.writeTextMessage(response.encode()).onFailure(SimLinks::notDelivered);
    }
  }
}
