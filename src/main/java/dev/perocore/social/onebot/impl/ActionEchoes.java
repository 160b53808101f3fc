package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.ActionFailedException;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.ActionResult;
import dev.perocore.social.onebot.BotUnavailableException;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The actions a connection has sent and not yet had answered, by {@code echo}: a response
 * completes its action (ok, or an {@link ActionFailedException} with NapCat's wording), and a
 * closing connection fails them all at once. Safe from any thread (an action is sent from its
 * caller's context, answered on the connection's).
 */
final class ActionEchoes {

  private final String connectionId;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong echoes = new AtomicLong();

  ActionEchoes(String connectionId) {
    this.connectionId = connectionId;
  }

  /** Registers {@code request} under a new echo, unique on this connection, and returns it. */
  String add(ActionRequest request, Promise<ActionResult> answer) {
    String echo = connectionId + ":" + echoes.incrementAndGet();
    pending.put(echo, new Pending(request, answer));
    return echo;
  }

  /** Fails the action of {@code echo} with {@code cause}, if still pending. */
  void fail(String echo, Throwable cause) {
    Pending p = pending.remove(echo);
    if (p != null) {
      p.answer.tryFail(cause);
    }
  }

  /** Fails the action of {@code echo} because the connection went away ({@code reason}). */
  void failGone(String echo, String reason) {
    Pending p = pending.remove(echo);
    if (p != null) {
      p.answer.tryFail(new BotUnavailableException(p.request.selfId(), p.request.action(),
          "connection " + connectionId + " " + reason + " while the action was pending"));
    }
  }

  /** Fails every pending action: the connection closed ({@code reason}). */
  void failAll(String reason) {
    for (String echo : new ArrayList<>(pending.keySet())) {
      failGone(echo, reason);
    }
  }

  /**
   * Completes the action {@code response} answers; false if its echo is unknown or expired (a
   * late answer, after its deadline forgot it).
   */
  boolean answer(JsonObject response) {
    Pending p = pending.remove(String.valueOf(response.getValue("echo")));
    if (p == null) {
      return false;
    }
    String status = String.valueOf(response.getValue("status", "ok"));
    Object code = response.getValue("retcode", 0);
    int retcode = code instanceof Number n ? n.intValue() : parseIntOr(code, -1);
    boolean ok = (status.equals("ok") || status.equals("async")) && (retcode == 0 || retcode == 1);
    if (ok) {
      p.answer.tryComplete(new ActionResult(status, retcode, response.getValue("data")));
    } else {
      String wording = response.getString("wording", null);
      if (wording == null || wording.isEmpty()) {
        Object message = response.getValue("message", response.getValue("msg", ""));
        wording = message == null ? "" : String.valueOf(message);
      }
      ActionRequest r = p.request;
      p.answer.tryFail(new ActionFailedException(r.selfId(), r.action(), status, retcode, wording,
          r.userId(), r.groupId()));
    }
    return true;
  }

  int size() {
    return pending.size();
  }

  private static int parseIntOr(Object value, int fallback) {
    try {
      return Integer.parseInt(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private record Pending(ActionRequest request, Promise<ActionResult> answer) {}
}
