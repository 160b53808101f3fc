package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.OwnerContext;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.onebot.ActionFailedException;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.ActionResult;
import dev.perocore.social.onebot.BotIds;
import dev.perocore.social.onebot.BotUnavailableException;
import dev.perocore.social.onebot.ClientRole;
import dev.perocore.social.onebot.LimitReason;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket to a OneBot implementation (reverse or forward), and the action client on it.
 *
 * <p>Inbound: reassembles fragmented messages up to {@code max_frame_bytes} (a larger one closes
 * the connection with 1009), holding their unfinished bytes in a shared {@link PendingBytes} budget
 * (over its per-connection cap 1009, over its total cap 1013) and hands each whole message to the {@link InboundPipeline}, on the
 * WebSocket's own event loop. Outbound: actions carry an {@code echo}; responses are matched by
 * it. When the connection closes or is replaced, every pending action fails at once — nobody
 * waits for a deadline on a connection that is gone — but frames that still arrive before the
 * socket itself closes are handed on like any other (the peer sent them before it saw the close).
 */
public final class OneBotConnection {

  /** Close code when a newer connection of the same bot and role takes over (policy). */
  public static final short CLOSE_REPLACED = 1008;
  /** Close code for a message over {@code max_frame_bytes}. */
  public static final short CLOSE_TOO_LARGE = 1009;
  /** Close code when nothing, not even a pong, arrived for three ping intervals. */
  public static final short CLOSE_UNRESPONSIVE = 1001;
  /** Close code for a policy breach, such as a fragmented message left unfinished too long. */
  public static final short CLOSE_POLICY = 1008;
  /** Close code when all connections' unfinished messages would pass their total cap. */
  public static final short CLOSE_TRY_LATER = 1013;

  private static final Logger LOG = LoggerFactory.getLogger(OneBotConnection.class);
  /**
   * Frames read per turn of the event loop: a burst (NapCat flushing what QQ queued) arrives as
   * thousands of frames in one TCP read; asked for in batches, the loop gets to its timers and
   * other connections between them instead of parsing the whole read in one go.
   */
  static final int READ_BATCH = 64;
  private static final AtomicLong IDS = new AtomicLong();

  private final String id;
  private final WebSocketBase ws;
  private final ClientRole role;
  private final int maxMessageBytes;
  private final InboundPipeline pipeline;
  private final PendingBytes budget;
  private final AtomicLong held = new AtomicLong(); // bytes of `partial` reserved in `budget`
  private volatile long partialSinceNanos; // 0 = no unfinished message
  private final AtomicLong selfId;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong echoes = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Promise<String> closedPromise = Promise.promise();
  private volatile long lastFrameNanos = System.nanoTime();
  private volatile long lastPingNanos = System.nanoTime();
  /**
   * Pings written since the last frame arrived. Silence alone is not enough to call a peer dead:
   * when this process itself stalls (GC, a loaded machine) no ping leaves and no pong can come
   * back, so the watchdog also wants pings that really went out unanswered.
   */
  private final AtomicInteger pingsUnanswered = new AtomicInteger();
  private Buffer partial; // only touched on the WebSocket's event loop
  private volatile Context loop; // the context frames arrive on, known from start()
  private volatile boolean discarding; // set once a message over the limit closed the connection
  private final SocketPause pressure;
  private volatile boolean pausedForPressure; // written on the WebSocket's event loop
  private boolean stoppedReading; // only touched on the WebSocket's event loop
  private int credit; // frames still asked of the socket; only touched on its event loop
  private boolean recheckArmed; // a read put off for the loops' backlog; only on its event loop
  private volatile long resumedNanos;
  private volatile ClaimHold claimHold; // a forward connection's events until its bot is claimed

  public OneBotConnection(String kind, WebSocketBase ws, ClientRole role, long selfId,
      int maxMessageBytes, InboundPipeline pipeline, PendingBytes budget, SocketPause pressure) {
    this.pressure = pressure;
    this.id = kind + "-" + IDS.incrementAndGet();
    this.ws = ws;
    this.role = role;
    this.maxMessageBytes = maxMessageBytes;
    this.pipeline = pipeline;
    this.budget = budget;
    this.selfId = new AtomicLong(selfId);
  }

  /** Installs the handlers; call once, right after the WebSocket opened. */
  public void start() {
    loop = Vertx.currentContext();
    ws.frameHandler(this::onFrame);
    ws.exceptionHandler(this::onException);
    ws.closeHandler(v -> onClosed(ws.closeStatusCode() == null
        ? "connection lost" : "closed by peer (" + ws.closeStatusCode() + ")"));
    // From now on frames are read on demand (see READ_BATCH and refill).
    ws.pause();
    refill();
  }

  /**
   * The store's backpressure signal changed: pause or resume reading to match it, on this
   * connection's own event loop. Reads the signal when it runs, so the last call wins whatever
   * order calls arrive in.
   */
  void pressureChanged() {
    Context on = loop;
    if (on != null) {
      on.runOnContext(v -> refill());
    }
  }

  /** Paused now because the store fell behind (not because the gateway stopped reading). */
  public boolean readingPaused() {
    return pausedForPressure;
  }

  /** Pings written since the last frame arrived (or since reading resumed after a pause). */
  public int pingsUnanswered() {
    return pingsUnanswered.get();
  }

  /** When reading last resumed after a backpressure pause (0 = never paused). */
  public long resumedNanos() {
    return resumedNanos;
  }

  /**
   * Asks the socket for the next batch of frames once the last one was handed on — unless the
   * store is behind (then the frames wait in the socket until {@link #pressureChanged}) or the
   * gateway stopped reading. On the connection's event loop.
   */
  private void refill() {
    // Closed by us (replaced, unresponsive) is not stopped: what the peer sent before it saw our
    // close is still read, until the socket itself closes.
    if (stoppedReading) {
      return;
    }
    ClaimHold hold = claimHold;
    if (credit == 0 && hold != null && hold.full()) {
      return; // asked again once the claim is answered (ClaimHold)
    }
    if (pressure.engaged()) {
      pausedForPressure = credit == 0;
      return;
    }
    if (pausedForPressure) {
      pausedForPressure = false;
      resumedNanos = System.nanoTime();
      pingsUnanswered.set(0);
    }
    if (credit == 0 && pressure.loopsBehind()) {
      // The loops still have the last reads' work queued: read on once they are through it
      // (asked again by a millisecond timer: a task queued now would spin the loop meanwhile).
      if (!recheckArmed) {
        recheckArmed = true;
        loop.owner().setTimer(1, id -> {
          recheckArmed = false;
          if (!closedPromise.future().isComplete()) { // a closed socket has nothing left to read
            refill();
          }
        });
      }
      return;
    }
    if (credit == 0) {
      credit = READ_BATCH;
      ws.fetch(READ_BATCH);
    }
  }

  public String id() {
    return id;
  }

  /**
   * Holds this connection's events in {@code hold} until its bot's claim is answered (a forward
   * connection on a cluster); call before {@link #start}.
   */
  public void holdUntilClaimed(ClaimHold hold) {
    this.claimHold = hold;
  }

  /** The hold set by {@link #holdUntilClaimed}, or null. */
  public ClaimHold claimHold() {
    return claimHold;
  }

  public ClientRole role() {
    return role;
  }

  /**
   * The bot account, or {@link BotIds#UNKNOWN} while a forward connection has not said who it is.
   */
  public long selfId() {
    return selfId.get();
  }

  public boolean knowsBot() {
    return BotIds.isKnown(selfId.get());
  }

  /** How logs name this connection's bot: its number, or {@code ?} while unknown. */
  public String botLabel() {
    return BotIds.label(selfId.get());
  }

  /** Sets the bot account once; returns true if this call set it. */
  public boolean learnSelfId(long id) {
    return selfId.compareAndSet(BotIds.UNKNOWN, id);
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Completes with the reason once the connection is closed, for whatever cause. */
  public Future<String> closedFuture() {
    return closedPromise.future();
  }

  public long lastFrameNanos() {
    return lastFrameNanos;
  }

  /** Bytes of an unfinished fragmented message this connection holds now. */
  public long pendingBytes() {
    return held.get();
  }

  /**
   * Whether an unfinished fragmented message has been waiting longer than {@code limit} at {@code
   * now} ({@code System.nanoTime()}).
   */
  public boolean fragmentOverdue(long now, Duration limit) {
    long since = partialSinceNanos;
    return since != 0 && now - since > limit.toNanos();
  }

  public String remote() {
    return String.valueOf(ws.remoteAddress());
  }

  /** Sends a WebSocket ping if the last one is older than {@code every}. */
  public void pingIfDue(long now, Duration every) {
    if (!isClosed() && now - lastPingNanos >= every.toNanos()) {
      lastPingNanos = now;
      pingsUnanswered.incrementAndGet();
      // A failed ping means the socket is gone; the close handler deals with that.
      ws.writePing(Buffer.buffer("p"))
          .onFailure(cause -> LOG.debug("conn {}: ping not written: {}", id, cause.toString()));
    }
  }

  /**
   * Sends {@code request} with an echo and completes with its response, on the caller's context.
   * Tracked in {@code tasks} as {@code onebot.action} with deadline {@code limit}; at the deadline
   * the echo is forgotten (a late answer is logged and dropped).
   */
  public Future<ActionResult> request(ActionRequest request, Duration limit, TaskSet tasks,
      Vertx vertx) {
    long known = selfId.get();
    long who = BotIds.isKnown(known) ? known : request.selfId();
    if (isClosed()) {
      return Future.failedFuture(new BotUnavailableException(who, request.action(),
          "connection " + id + " is closed"));
    }
    String echo = id + ":" + echoes.incrementAndGet();
    Promise<ActionResult> answer = VertxInternals.callerPromise(vertx);
    pending.put(echo, new Pending(request, answer));
    JsonObject frame = new JsonObject().put("action", request.action())
        .put("params", request.params()).put("echo", echo);
    ws.writeTextMessage(frame.encode()).onFailure(cause -> {
      Pending p = pending.remove(echo);
      if (p != null) {
        p.answer.tryFail(new BotUnavailableException(who, request.action(),
            "write failed on " + id + ": " + cause.getMessage()));
      }
    });
    if (isClosed()) {
      // Closed between the check and the put: the close sweep may have missed this echo.
      failPending(echo, "connection " + id + " closed");
    }
    Future<ActionResult> bounded = tasks.track("onebot.action",
        request.action() + " bot " + BotIds.label(who) + " echo " + echo, limit, answer.future());
    bounded.onFailure(cause -> {
      if (cause instanceof OperationTimeoutException) {
        Pending p = pending.remove(echo);
        if (p != null) {
          p.answer.tryFail(cause); // ends the tracked task too
        }
      }
    });
    return bounded;
  }

  /**
   * Stops reading: once the returned future completes, no further frame of this connection reaches
   * the pipeline (the pause runs on the connection's own event loop, so no frame is mid-way).
   */
  public Future<Void> pauseReading() {
    Context on = loop;
    if (on == null) {
      ws.pause();
      return Future.succeededFuture();
    }
    // The answer comes back on the caller's context (the gateway's), where its TaskSet lives.
    return OwnerContext.call(on, () -> {
      stoppedReading = true; // a backpressure resume must not undo it
      ws.pause();
      return Future.<Void>succeededFuture();
    });
  }

  /** Closes with {@code code} and fails every pending action at once. Idempotent. */
  public void close(short code, String reason) {
    if (!closed.get()) {
      ws.close(code, reason)
          .onFailure(cause -> LOG.debug("conn {}: close not sent: {}", id, cause.toString()));
    }
    onClosed(reason);
  }

  /** An action response arrived (called by the pipeline on this connection's event loop). */
  void onResponse(JsonObject response) {
    String echo = String.valueOf(response.getValue("echo"));
    Pending p = pending.remove(echo);
    if (p == null) {
      pipeline.lateResponse(this, echo);
      return;
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
  }

  int pendingCount() {
    return pending.size();
  }

  private void onFrame(WebSocketFrame frame) {
    lastFrameNanos = System.nanoTime();
    pingsUnanswered.set(0);
    if (--credit == 0) {
      // The batch is read: the next one on a later turn, after whatever else waits on this loop.
      loop.runOnContext(v -> refill());
    } else if (credit < 0) {
      credit = 0;  // a frame beyond what was asked for (control frames may bypass demand)
    }
    if (!(frame.isText() || frame.isBinary() || frame.isContinuation())) {
      return; // ping (answered by Vert.x), pong (liveness noted above), close
    }
    if (discarding) {
      return; // the rest of a message over the limit, already rejected and counted
    }
    // Closed by us (replaced, unresponsive, stopping) but still open at the socket: what the peer
    // sent before it saw our close is a real event, read until its close reply ends the socket.
    Buffer data = frame.binaryData();
    int size = (partial == null ? 0 : partial.length()) + data.length();
    if (size > maxMessageBytes) {
      dropPartial();
      discarding = true;
      pipeline.tooLarge(this, size, maxMessageBytes);
      close(CLOSE_TOO_LARGE, "message over " + maxMessageBytes + " bytes");
      return;
    }
    if (frame.isFinal() && partial == null) {
      pipeline.handle(this, data);
      return;
    }
    if (partial == null) {
      partialSinceNanos = lastFrameNanos;
      partial = Buffer.buffer(Math.min(size * 2, maxMessageBytes));
    }
    if (!frame.isFinal() && !hold(data.length())) {
      return;
    }
    partial.appendBuffer(data);
    if (frame.isFinal()) {
      Buffer whole = partial;
      dropPartial();
      pipeline.handle(this, whole);
    }
  }

  /** Reserves {@code bytes} of an unfinished message; closes the connection when a cap refuses. */
  private boolean hold(int bytes) {
    Optional<LimitReason> refused = budget.reserve(held.get(), bytes);
    if (refused.isPresent()) {
      LimitReason reason = refused.get();
      long cap = reason == LimitReason.PENDING_BYTES ? budget.perConnection() : budget.total();
      dropPartial();
      pipeline.limited(this, reason, cap);
      close(reason == LimitReason.PENDING_BYTES ? CLOSE_TOO_LARGE : CLOSE_TRY_LATER,
          "unfinished message over " + reason.label() + " cap " + cap + " bytes");
      return false;
    }
    held.addAndGet(bytes);
    if (isClosed()) {
      // Closed by another thread meanwhile: its release may have run before this reservation.
      budget.release(held.getAndSet(0));
    }
    return true;
  }

  private void dropPartial() {
    partial = null;
    partialSinceNanos = 0;
    budget.release(held.getAndSet(0));
  }

  private void onException(Throwable cause) {
    String name = cause.getClass().getSimpleName();
    if (name.contains("TooLongFrame") || name.contains("CorruptedWebSocketFrame")
        && String.valueOf(cause.getMessage()).toLowerCase().contains("max frame length")) {
      // Netty refused a single frame over max_frame_bytes (its decoder is now corrupt): close.
      discarding = true;
      pipeline.tooLarge(this, -1, maxMessageBytes);
      close(CLOSE_TOO_LARGE, "frame over " + maxMessageBytes + " bytes");
      return;
    }
    pipeline.connectionError(this, cause);
  }

  private void onClosed(String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // The buffer itself is the event loop's; what it held is returned to the budget at once.
    partialSinceNanos = 0;
    budget.release(held.getAndSet(0));
    for (String echo : new ArrayList<>(pending.keySet())) {
      failPending(echo, reason);
    }
    closedPromise.tryComplete(reason);
    pipeline.closed(this, reason);
  }

  private void failPending(String echo, String reason) {
    Pending p = pending.remove(echo);
    if (p != null) {
      p.answer.tryFail(new BotUnavailableException(p.request.selfId(), p.request.action(),
          "connection " + id + " " + reason + " while the action was pending"));
    }
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
