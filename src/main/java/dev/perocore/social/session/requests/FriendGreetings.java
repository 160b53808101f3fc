package dev.perocore.social.session.requests;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.store.RequestRow;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The greeting ({@code requests.greeting}) a newly approved friend gets, after a pause uniform
 * between {@code requests.greeting_delay_min} and {@code _max}: an instant greeting looks like a
 * bot. Each greeting is a {@value RequestDesk#GREETING} task whose pause is part of the task, so a
 * pending greeting is visible in the desk's tasks, and the desk ends every one pending when it
 * stops taking requests ({@link #cancelAll}) instead of leaving a timer behind. One that a request
 * still in flight starts after that is ended by the drain's deadline with the desk's other tasks.
 * Used on the desk's context only.
 */
final class FriendGreetings {

  private final Vertx vertx;
  private final TaskSet tasks;
  private final RequestsConfig config;
  private final OutboundMessages outbound;
  /** Greetings waiting for their pause, by timer id: failed explicitly on shutdown. */
  private final Map<Long, Promise<Void>> pending = new HashMap<>();

  FriendGreetings(Vertx vertx, TaskSet tasks, RequestsConfig config, OutboundMessages outbound) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.config = config;
    this.outbound = outbound;
  }

  /** Greets the requester of an approved friend request, unless no greeting is configured. */
  void greet(RequestRow row) {
    if (config.greeting().isBlank()) {
      return;
    }
    long min = config.greetingDelayMin().toMillis();
    long max = Math.max(min, config.greetingDelayMax().toMillis());
    long delay = Math.max(1, min + (max > min ? ThreadLocalRandom.current().nextLong(max - min + 1) : 0));
    ChatKey key = ChatKey.privateChat(row.selfId(), row.userId());
    // The pause is part of the task, so a pending greeting is visible and is ended on shutdown.
    tasks.launch(RequestDesk.GREETING, key.toString(), () -> pause(delay)
        .compose(v -> outbound.send(key, config.greeting(), "greeting")));
  }

  private Future<Void> pause(long millis) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(millis, id -> {
      pending.remove(id);
      done.tryComplete();
    });
    pending.put(timer, done);
    return done.future();
  }

  /** Fails every greeting still in its pause (the desk is stopping): none is sent. */
  void cancelAll() {
    Map<Long, Promise<Void>> waiting = new HashMap<>(pending);
    pending.clear();
    waiting.forEach((timer, greeting) -> {
      vertx.cancelTimer(timer);
      greeting.tryFail("shutting down before the greeting's pause ended: greeting not sent");
    });
  }
}
