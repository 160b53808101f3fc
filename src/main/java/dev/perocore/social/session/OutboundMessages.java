package dev.perocore.social.session;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.ActionFailedException;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.ActionRateLimitedException;
import dev.perocore.social.onebot.BotUnavailableException;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.onebot.message.Message;
import dev.perocore.social.store.AppendResult;
import dev.perocore.social.store.MessageRow;
import dev.perocore.social.store.MessageStatus;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one message to a session through the gateway ({@link OneBotActions}: pacing and retcode
 * checks are the gateway's) and stores it as the bot's own row: {@code sent} with the message id
 * OneBot returned, or {@code failed} with its retcode. PeroCore never looked at the answer, so a
 * muted bot "sent" into the void; here every send ends as a stored, typed {@link SendOutcome}.
 *
 * <p>Messages go out as OneBot segment arrays, never as CQ-code strings: text (a model's answer, a
 * configured greeting) is one {@code text} segment, so {@code [CQ:at,qq=all]} or
 * {@code [CQ:image,file=file:///etc/passwd]} written by a model reaches QQ as those characters and
 * can neither mention everyone nor make the implementation read a file or fetch a URL. Only a
 * caller that builds a {@link Message} from segments itself (the operator's admin send) sends
 * anything but text.
 *
 * <p>Every outcome is published on {@code social.events.outbound} ({@link SessionEvents}), from
 * the caller's context: five owners send through here, each on its own loop.
 *
 * <p>Both steps are tasks of the caller's {@link TaskSet} with named deadlines ({@value #SEND},
 * {@value #STORE}). The returned future never fails: a failure of the send is an outcome, and a
 * store failure after a send is logged and reported as {@code stored = false}. Use it on the
 * context that owns the TaskSet.
 */
public final class OutboundMessages {

  /** Task kind (and timeout op) of the send action. */
  public static final String SEND = "session.send";
  /** Task kind (and timeout op) of storing the outbound row. */
  public static final String STORE = "session.store.outbound";
  /** Task kind (and timeout op) of the "typing..." status in a private chat. */
  public static final String TYPING = "session.typing";
  /** Deadline of the typing status: a hint, never worth a long wait. */
  static final Duration TYPING_LIMIT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(OutboundMessages.class);

  private final OneBotActions actions;
  private final Store store;
  private final TaskSet tasks;
  private final Duration sendLimit;
  private final Duration storeLimit;
  private final LongFunction<String> botName;
  private final RateLimitedLog log = new RateLimitedLog(LOG, Duration.ofSeconds(5));

  /**
   * @param actions the gateway's action client
   * @param store where the outbound rows go
   * @param tasks the caller's TaskSet
   * @param sendLimit deadline of one send (should cover the gateway's pacing queue and action
   *     timeout: the gateway normally answers first)
   * @param storeLimit deadline of the store append
   * @param botName the display name stored as sender of the bot's rows, by self_id
   */
  public OutboundMessages(OneBotActions actions, Store store, TaskSet tasks, Duration sendLimit,
      Duration storeLimit, LongFunction<String> botName) {
    this.actions = actions;
    this.store = store;
    this.tasks = tasks;
    this.sendLimit = sendLimit;
    this.storeLimit = storeLimit;
    this.botName = botName;
  }

  public OutboundMessages(OneBotActions actions, Store store, TaskSet tasks, Duration sendLimit,
      Duration storeLimit) {
    this(actions, store, tasks, sendLimit, storeLimit, selfId -> "");
  }

  /**
   * Sends {@code text} to the session as plain text (one text segment: nothing in it is
   * interpreted, CQ-looking text included) and stores the outcome.
   *
   * @param reason why it is sent (reply, owner notice, admin), for the task detail and logs
   */
  public Future<SendOutcome> send(ChatKey key, String text, String reason) {
    return send(key, Message.ofText(text), reason, acked -> {});
  }

  /**
   * Like {@link #send(ChatKey, String, String)}; {@code onAnswer} sees the outcome as soon as
   * OneBot answered, before the row is stored (the stored flag is still false there): reply
   * latency is measured to the acknowledgement, not to our own bookkeeping.
   */
  public Future<SendOutcome> send(ChatKey key, String text, String reason,
      Consumer<SendOutcome> onAnswer) {
    return send(key, Message.ofText(text), reason, onAnswer);
  }

  /**
   * Sends a message built from segments by the caller (only trusted callers: the operator's admin
   * send); model output goes through the text overloads.
   */
  public Future<SendOutcome> send(ChatKey key, Message message, String reason,
      Consumer<SendOutcome> onAnswer) {
    return send(key, message, message, reason, onAnswer);
  }

  /**
   * Sends {@code message} and stores {@code stored}: the same message with what should not fill
   * the store replaced (a sticker's base64 bytes by its name). Used by replies, whose segments the
   * session built from the brain's checked parts.
   */
  public Future<SendOutcome> send(ChatKey key, Message message, Message stored, String reason,
      Consumer<SendOutcome> onAnswer) {
    String detail = key + " " + reason;
    JsonArray segments = message.toJsonArray();
    Future<String> sending = tasks.run(SEND, detail, sendLimit,
        () -> key.type() == ChatType.GROUP
            ? actions.sendGroupMessage(key.selfId(), key.peerId(), segments)
            : actions.sendPrivateMessage(key.selfId(), key.peerId(), segments));
    return sending.transform(ar -> {
      SendOutcome outcome = ar.succeeded()
          ? new SendOutcome(key, SendOutcome.Result.SENT, Optional.of(ar.result())
              .filter(id -> !id.isEmpty()), 0, "", false)
          : failure(key, ar.cause());
      try {
        onAnswer.accept(outcome);
      } catch (RuntimeException e) {
        log.warn("on-answer", "send to {}: answer callback failed: {}", key, String.valueOf(e));
      }
      if (ar.failed() && ar.cause() instanceof BotUnavailableException unavailable
          && unavailable.neverConnected()) {
        // Not a conversation of ours: a failed row would invent a session for a bot that does not
        // exist here (a mistyped self_id) and hide the mistake.
        log.error("send:unknown-bot", "send to {} ({}): bot {} has never connected to this"
            + " service: nothing sent, nothing stored (check the self_id, or connect the bot"
            + " first)", key, reason, key.selfId());
        return Future.succeededFuture(outcome);
      }
      if (!outcome.sent()) {
        log.warn("send:" + outcome.result().label(), "send to {} ({}) {}: {}", key, reason,
            outcome.result().label(), outcome.error());
      }
      return storeRow(key, stored, outcome, detail);
    }).andThen(ar -> {
      // Subscribers hear every attempt, sent or not, once its row is settled (issue 17).
      if (ar.succeeded()) {
        SessionEvents.publish(SessionEvents.outbound(ar.result(), reason, stored,
            System.currentTimeMillis()));
      }
    });
  }

  /**
   * Shows "typing..." to the peer of a private chat: NapCat's {@code set_input_status} with {@code
   * event_type} 1. A hint only: the caller need not wait for it. Completes with false when the
   * implementation answered that it cannot (a retcode: not NapCat, or too old) — an answer, not a
   * failed task; a timeout or a lost connection fails it.
   */
  public Future<Boolean> typing(ChatKey key) {
    JsonObject params = new JsonObject().put("user_id", key.peerId()).put("event_type", 1);
    return tasks.run(TYPING, key + " typing", TYPING_LIMIT, () -> actions.call(
            ActionRequest.of(key.selfId(), "set_input_status", params).withTimeout(TYPING_LIMIT))
        .map(answered -> true)
        .recover(cause -> cause instanceof ActionFailedException
            ? Future.succeededFuture(false) : Future.failedFuture(cause)));
  }

  private Future<SendOutcome> storeRow(ChatKey key, Message message, SendOutcome outcome,
      String detail) {
    MessageRow row;
    try {
      row = row(key, message, outcome);
    } catch (RuntimeException e) {
      return Future.succeededFuture(unstored(outcome, e));
    }
    return tasks.run(STORE, detail, storeLimit, () -> store.append(row))
        .map(result -> withStored(outcome, result == AppendResult.STORED
            || result == AppendResult.DUPLICATE))
        .otherwise(cause -> unstored(outcome, cause));
  }

  private SendOutcome unstored(SendOutcome outcome, Throwable cause) {
    log.warn("store-outbound", "{} message to {} (id {}) could not be stored: {}",
        outcome.result().label(), outcome.key(), outcome.messageId().orElse("-"),
        String.valueOf(cause));
    return withStored(outcome, false);
  }

  private static SendOutcome withStored(SendOutcome o, boolean stored) {
    return new SendOutcome(o.key(), o.result(), o.messageId(), o.retcode(), o.error(), stored);
  }

  private MessageRow row(ChatKey key, Message message, SendOutcome outcome) {
    Instant now = Instant.now();
    // Event time in whole seconds, like QQ's times on received messages: conversations are read
    // in event-time order, then row id, so a user's line in the same second as our reply (stored
    // as :00.000) must not sort before the reply for our milliseconds (:00.700).
    Instant said = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Long id = outcome.messageId().map(OutboundMessages::parseId).orElse(null);
    return new MessageRow(key, outcome.sent() ? id : null,
        outcome.sent() ? MessageStatus.SENT : MessageStatus.FAILED, outcome.retcode(),
        key.selfId(), botName.apply(key.selfId()), message.toCqString(),
        message.jsonText(), said, now, null);
  }

  private static Long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return null; // some implementations return non-numeric ids; the row is still kept
    }
  }

  private static SendOutcome failure(ChatKey key, Throwable cause) {
    String error = String.valueOf(cause.getMessage());
    if (cause instanceof ActionFailedException failed) {
      return new SendOutcome(key, SendOutcome.Result.FAILED, Optional.empty(), failed.retcode(),
          error, false);
    }
    SendOutcome.Result result = cause instanceof ActionRateLimitedException
        ? SendOutcome.Result.RATE_LIMITED
        : cause instanceof BotUnavailableException ? SendOutcome.Result.UNAVAILABLE
        : cause instanceof OperationTimeoutException ? SendOutcome.Result.TIMEOUT
        : SendOutcome.Result.ERROR;
    return new SendOutcome(key, result, Optional.empty(), -1, error, false);
  }
}
