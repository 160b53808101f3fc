package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.OperationTimeoutException;
import dev.perocore.social.guard.OwnerContext;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.guard.VertxInternals;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.ActionResult;
import dev.perocore.social.onebot.BotIds;
import dev.perocore.social.onebot.BotUnavailableException;
import dev.perocore.social.onebot.ClientRole;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket to a OneBot implementation (reverse or forward), and the action client on it.
 *
 * <p>Inbound: read on demand ({@link ReadDemand}: in batches, paused for the store's and the
 * loops' backpressure), joined into whole messages ({@link FrameAssembly}: fragments, size caps)
 * and handed to the {@link InboundPipeline}, on the WebSocket's own event loop. Outbound: actions
 * carry an {@code echo}; responses are matched by it ({@link ActionEchoes}). When the connection
 * closes or is replaced, every pending action fails at once — nobody waits for a deadline on a
 * connection that is gone — but frames that still arrive before the socket itself closes are
 * handed on like any other (the peer sent them before it saw the close).
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
  /** Frames read per turn of the event loop (see {@link ReadDemand#BATCH}). */
  static final int READ_BATCH = ReadDemand.BATCH;
  private static final AtomicLong IDS = new AtomicLong();

  private final String id;
  private final WebSocketBase ws;
  private final ClientRole role;
  private final InboundPipeline pipeline;
  private final int maxMessageBytes;
  private final AtomicLong selfId;
  private final ActionEchoes echoes;
  private final FrameAssembly assembly;
  private final ReadDemand demand;
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
  private volatile ClaimHold claimHold; // a forward connection's events until its bot is claimed

  public OneBotConnection(String kind, WebSocketBase ws, ClientRole role, long selfId,
      int maxMessageBytes, InboundPipeline pipeline, PendingBytes budget, SocketPause pressure) {
    this.id = kind + "-" + IDS.incrementAndGet();
    this.ws = ws;
    this.role = role;
    this.pipeline = pipeline;
    this.maxMessageBytes = maxMessageBytes;
    this.selfId = new AtomicLong(selfId);
    this.echoes = new ActionEchoes(id);
    this.assembly = new FrameAssembly(this, maxMessageBytes, pipeline, budget);
    this.demand = new ReadDemand(ws, pressure, () -> claimHold, closedPromise.future(),
        () -> pingsUnanswered.set(0));
  }

  /** Installs the handlers; call once, right after the WebSocket opened. */
  public void start() {
    ws.frameHandler(this::onFrame);
    ws.exceptionHandler(this::onException);
    ws.closeHandler(v -> onClosed(ws.closeStatusCode() == null
        ? "connection lost" : "closed by peer (" + ws.closeStatusCode() + ")"));
    demand.start(Vertx.currentContext());
  }

  /**
   * The store's backpressure signal changed: pause or resume reading to match it, on this
   * connection's own event loop. Reads the signal when it runs, so the last call wins whatever
   * order calls arrive in.
   */
  void pressureChanged() {
    demand.recheck();
  }

  /** Paused now because the store fell behind (not because the gateway stopped reading). */
  public boolean readingPaused() {
    return demand.pausedForPressure();
  }

  /** Pings written since the last frame arrived (or since reading resumed after a pause). */
  public int pingsUnanswered() {
    return pingsUnanswered.get();
  }

  /** When reading last resumed after a backpressure pause (0 = never paused). */
  public long resumedNanos() {
    return demand.resumedNanos();
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
    return assembly.heldBytes();
  }

  /**
   * Whether an unfinished fragmented message has been waiting longer than {@code limit} at {@code
   * now} ({@code System.nanoTime()}).
   */
  public boolean fragmentOverdue(long now, Duration limit) {
    return assembly.overdue(now, limit);
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
    Promise<ActionResult> answer = VertxInternals.callerPromise(vertx);
    String echo = echoes.add(request, answer);
    JsonObject frame = new JsonObject().put("action", request.action())
        .put("params", request.params()).put("echo", echo);
    ws.writeTextMessage(frame.encode()).onFailure(cause -> echoes.fail(echo,
        new BotUnavailableException(who, request.action(),
            "write failed on " + id + ": " + cause.getMessage())));
    if (isClosed()) {
      // Closed between the check and the put: the close sweep may have missed this echo.
      echoes.failGone(echo, "connection " + id + " closed");
    }
    Future<ActionResult> bounded = tasks.track("onebot.action",
        request.action() + " bot " + BotIds.label(who) + " echo " + echo, limit, answer.future());
    bounded.onFailure(cause -> {
      if (cause instanceof OperationTimeoutException) {
        echoes.fail(echo, cause); // ends the tracked task too
      }
    });
    return bounded;
  }

  /**
   * Stops reading: once the returned future completes, no further frame of this connection reaches
   * the pipeline (the pause runs on the connection's own event loop, so no frame is mid-way).
   */
  public Future<Void> pauseReading() {
    Context on = demand.loop();
    if (on == null) {
      ws.pause();
      return Future.succeededFuture();
    }
    // The answer comes back on the caller's context (the gateway's), where its TaskSet lives.
    return OwnerContext.call(on, () -> {
      demand.stop();
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
    if (!echoes.answer(response)) {
      pipeline.lateResponse(this, String.valueOf(response.getValue("echo")));
    }
  }

  int pendingCount() {
    return echoes.size();
  }

  private void onFrame(WebSocketFrame frame) {
    long now = System.nanoTime();
    lastFrameNanos = now;
    pingsUnanswered.set(0);
    demand.frameArrived(frame);
    if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
      assembly.add(frame, now);
    } // else ping (answered by Vert.x), pong (liveness noted above), close
  }

  private void onException(Throwable cause) {
    String name = cause.getClass().getSimpleName();
    if (name.contains("TooLongFrame") || name.contains("CorruptedWebSocketFrame")
        && String.valueOf(cause.getMessage()).toLowerCase().contains("max frame length")) {
      // Netty refused a single frame over max_frame_bytes (its decoder is now corrupt): close.
      assembly.discard();
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
    assembly.release();
    echoes.failAll(reason);
    closedPromise.tryComplete(reason);
    pipeline.closed(this, reason);
  }
}
