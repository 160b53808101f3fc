package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.store.MessageRef;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Answered exactly once (issue 13): when a flight's brain has decided (a reply or a pass), the
 * messages it took are marked consumed in the store before anything is sent, and remembered by
 * the session meanwhile. A restart re-buffers only what is not consumed ({@link Rebuffer}); a
 * redelivery of a consumed message is not answered ({@link MessageIntake}). Marking before the
 * send means a crash between the two loses that reply rather than sending it twice.
 */
final class Consumption {

  private final TaskSet tasks;
  private final SessionConfig config;
  private final Store store;
  private final SessionTable sessions;
  private final RateLimitedLog log;

  Consumption(TaskSet tasks, SessionConfig config, Store store, SessionTable sessions,
      RateLimitedLog log) {
    this.tasks = tasks;
    this.config = config;
    this.store = store;
    this.sessions = sessions;
    this.log = log;
  }

  /**
   * Marks the lines consumed; completes when the mark committed, or failed (logged: the reply
   * still goes out, a restart may then answer again), never later than session.store_timeout.
   */
  Future<Void> consume(ChatKey key, List<ChatLine> lines) {
    SessionState s = sessions.get(key);
    if (s != null) {
      s.reply().rememberConsumed(lines);
    }
    List<MessageRef> refs = refs(lines);
    if (refs.isEmpty()) {
      return Future.succeededFuture();
    }
    return tasks.run(Shard.KIND_CONSUME, key, config.storeTimeout(),
            () -> store.consume(key, refs))
        .recover(cause -> {
          log.warn("consume", "session {}: could not record {} message(s) as answered ({});"
              + " a restart may answer them again", key, refs.size(), String.valueOf(cause));
          return Future.succeededFuture();
        });
  }

  /** The identities of received lines (system rows and the bot's own have none to mark). */
  static List<MessageRef> refs(List<ChatLine> lines) {
    List<MessageRef> refs = new ArrayList<>(lines.size());
    for (ChatLine line : lines) {
      MessageRef ref = ref(line);
      if (ref != null) {
        refs.add(ref);
      }
    }
    return refs;
  }

  /** A line's store identity, or null when it has none (not a number, or the bot's own). */
  static MessageRef ref(ChatLine line) {
    long id = SessionState.messageId(line.messageId());
    if (line.fromBot() || (id == 0 && !"0".equals(line.messageId().trim()))) {
      return null;
    }
    return new MessageRef(id, line.senderId(), line.epochSeconds() * 1000);
  }
}
