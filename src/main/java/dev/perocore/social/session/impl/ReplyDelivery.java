package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.brain.ReplyPart;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.session.ReplyConfig;
import dev.perocore.social.session.SendOutcome;
import dev.perocore.social.session.SessionConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an answer the way a person would: its parts ({@link ReplySplit}) one after another,
 * each after a typing pause from its length ({@code reply.typing_cps}, capped by {@code
 * reply.typing_max}) with "typing..." shown in private chats, the first part of a group answer
 * quoting the message it answers ({@code reply.quote}). Each message's segments are built by
 * {@link ReplySegments} from the brain's parts: the quote, mentions and stickers the flight offers;
 * the model's text stays text segments.
 *
 * <p>The pauses are Vert.x timers run as {@value #KIND_TYPING} tasks with a deadline. A newer
 * message during the pause before the first part preempts the whole flight like before (with
 * {@code preempt}); once a part is out, the remaining parts are dropped ({@code preempt}, counted)
 * or sent ({@code queue}).
 */
final class ReplyDelivery {

  /** Task kind of a typing pause. */
  static final String KIND_TYPING = "session.reply.typing";

  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);

  private final Vertx vertx;
  private final TaskSet tasks;
  private final SessionConfig config;
  private final ReplyConfig reply;
  private final OutboundMessages outbound;
  private final SessionTable sessions;
  private final SessionMetrics metrics;
  private final StickerIndex stickers;
  /** Bots whose implementation refused set_input_status: not asked again (per shard). */
  private final Set<Long> noTypingStatus = new HashSet<>();

  ReplyDelivery(Vertx vertx, TaskSet tasks, SessionConfig config, OutboundMessages outbound,
      SessionTable sessions, SessionMetrics metrics, StickerIndex stickers) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.config = config;
    this.reply = config.reply();
    this.outbound = outbound;
    this.sessions = sessions;
    this.metrics = metrics;
    this.stickers = stickers;
  }

  /** The longest all parts of one answer may take, for the flight's deadline. */
  Duration deadline() {
    Duration perPart = reply.typingMax().plus(config.sendTimeout()).plus(config.storeTimeout());
    return perPart.multipliedBy(reply.maxParts());
  }

  /** Sends the parts in order; SENT when all went out (or the rest were dropped by a newer one). */
  Future<ReplyOutcome> deliver(ChatKey key, Flight flight, List<List<ReplyPart>> parts) {
    return part(key, flight, parts, 0);
  }

  private Future<ReplyOutcome> part(ChatKey key, Flight flight, List<List<ReplyPart>> parts,
      int i) {
    return typing(key, ReplySegments.chars(parts.get(i)))
        .compose(v -> {
          if (flight.cancelled) {
            return Future.succeededFuture(ReplyOutcome.PREEMPTED);
          }
          SessionState s = sessions.get(key);
          if (i > 0 && ((flight.interrupted
              && config.onNewMessage() == SessionConfig.OnNewMessage.PREEMPT)
              || (s != null && s.paused(System.currentTimeMillis())))) {
            metrics.parts(SessionMetrics.PART_DROPPED, parts.size() - i);
            LOG.debug("session {}: {} reply part(s) dropped (a newer message, or muted)", key,
                parts.size() - i);
            return Future.succeededFuture(ReplyOutcome.SENT);
          }
          flight.sending = true;
          // Decided at the send: messages that came during the pause count as "between".
          String quote = i == 0 ? quoted(key, flight) : "";
          ReplySegments message = ReplySegments.build(key, flight.lines, parts.get(i), stickers,
              quote, reply.quote() != ReplyConfig.Quote.NEVER);
          return outbound.send(key, message.sent(), message.stored(), "reply", answered -> {
            if (i == 0 && answered.sent()) {
              metrics.replyLatency(System.nanoTime() - flight.startNanos);
            }
          }).compose(outcome -> {
            if (!sent(key, outcome)) {
              metrics.parts(SessionMetrics.PART_FAILED, 1);
              if (i + 1 < parts.size()) {
                metrics.parts(SessionMetrics.PART_DROPPED, parts.size() - i - 1);
              }
              return Future.succeededFuture(ReplyOutcome.FAILED);
            }
            metrics.parts(SessionMetrics.PART_SENT, 1);
            return i + 1 < parts.size() ? part(key, flight, parts, i + 1)
                : Future.succeededFuture(ReplyOutcome.SENT);
          });
        });
  }

  /** The typing pause before a part; in a private chat "typing..." is shown, never waited for. */
  private Future<Void> typing(ChatKey key, int chars) {
    if (key.type() == ChatType.PRIVATE) {
      showTyping(key);
    }
    Duration pause = reply.typingDelay(chars);
    if (pause.isZero()) {
      return Future.succeededFuture();
    }
    return tasks.run(KIND_TYPING, key + " " + pause.toMillis() + "ms", pause.plusSeconds(1),
        () -> vertx.timer(pause.toMillis(), TimeUnit.MILLISECONDS).mapEmpty());
  }

  private void showTyping(ChatKey key) {
    if (noTypingStatus.contains(key.selfId())) {
      metrics.typing(SessionMetrics.TYPING_SKIPPED);
      return;
    }
    outbound.typing(key).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        metrics.typing(SessionMetrics.TYPING_SENT);
        return;
      }
      metrics.typing(SessionMetrics.TYPING_FAILED);
      if (ar.succeeded()) {
        // The implementation answered and said no (not NapCat, or too old): stop asking it.
        noTypingStatus.add(key.selfId());
      }
      LOG.debug("session {}: typing status not shown: {}", key,
          ar.succeeded() ? "not supported" : String.valueOf(ar.cause()));
    });
  }

  /** The id the first part quotes, or "" for none ({@code reply.quote}; groups only). */
  private String quoted(ChatKey key, Flight flight) {
    if (key.type() != ChatType.GROUP || reply.quote() == ReplyConfig.Quote.NEVER) {
      return "";
    }
    List<ChatLine> lines = flight.lines;
    int answered = -1;
    for (int i = lines.size() - 1; i >= 0 && answered < 0; i--) {
      ChatLine line = lines.get(i);
      boolean match = flight.answeredId.isEmpty()
          ? !line.fromBot() : flight.answeredId.equals(line.messageId());
      answered = match ? i : -1;
    }
    if (answered < 0 || lines.get(answered).messageId().isEmpty()) {
      return "";
    }
    if (reply.quote() == ReplyConfig.Quote.ALWAYS) {
      return lines.get(answered).messageId();
    }
    SessionState s = sessions.get(key);
    boolean othersBetween = answered < lines.size() - 1 || (s != null && s.buffered() > 0);
    return othersBetween ? lines.get(answered).messageId() : "";
  }

  /** Records a sent part in the session (the bot spoke; its message id is the bot's). */
  private boolean sent(ChatKey key, SendOutcome outcome) {
    if (!outcome.sent()) {
      return false;
    }
    SessionState s = sessions.get(key);
    if (s != null) {
      ReplyState r = s.reply();
      r.lastBotSpokeMillis = System.currentTimeMillis();
      s.lastActivityMillis = r.lastBotSpokeMillis;
      outcome.messageId().ifPresent(id -> r.rememberBotMessage(SessionState.messageId(id)));
    }
    return true;
  }
}
