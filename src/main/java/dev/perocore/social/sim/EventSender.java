package dev.perocore.social.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How an event leaves the simulator, as NapCat's would: a message event is first remembered in the
 * bot's history (QQ keeps it), then — only while a connection is open, NapCat buffers nothing for
 * an absent adapter — written on the event connection(s), unless {@link Faults} drop or duplicate
 * it. Thread-safe.
 */
final class EventSender {

  private final SimLinks links;
  private final Faults faults;
  private final SimHistory history;
  private final AtomicLong missed = new AtomicLong();

  EventSender(SimLinks links, Faults faults, SimHistory history) {
    this.links = links;
    this.faults = faults;
    this.history = history;
  }

  Future<Void> send(JsonObject event) {
    history.remember(event);
    if ("message".equals(event.getString("post_type")) && !links.connected()) {
      missed.incrementAndGet();
      return Future.succeededFuture();
    }
    if (faults.dropThis()) {
      return Future.succeededFuture();
    }
    String text = event.encode();
    Future<Void> written = links.sendRaw(text);
    if (faults.duplicateThis(event)) {
      written = written.compose(v -> links.sendRaw(text));
    }
    return written;
  }

  /** Message events generated while no connection was open. */
  long missed() {
    return missed.get();
  }
}
