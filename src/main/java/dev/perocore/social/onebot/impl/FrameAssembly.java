package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.LimitReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection's inbound messages from its data frames: a whole frame is handed to the {@link
 * InboundPipeline} as it is; fragments are joined up to {@code max_frame_bytes} (a larger message
 * closes the connection with 1009 and the rest of it is skipped), their unfinished bytes held in
 * the shared {@link PendingBytes} budget (over its per-connection cap 1009, over its total cap
 * 1013). Frames arrive on the connection's event loop; the held bytes and the age of an
 * unfinished message are read from the gateway's watchdog on any thread.
 */
final class FrameAssembly {

  private final OneBotConnection connection;
  private final int maxMessageBytes;
  private final InboundPipeline pipeline;
  private final PendingBytes budget;
  private final AtomicLong held = new AtomicLong(); // bytes of `partial` reserved in `budget`
  private volatile long partialSinceNanos; // 0 = no unfinished message
  private volatile boolean discarding; // set once a message over the limit closed the connection
  private Buffer partial; // only touched on the connection's event loop

  FrameAssembly(OneBotConnection connection, int maxMessageBytes, InboundPipeline pipeline,
      PendingBytes budget) {
    this.connection = connection;
    this.maxMessageBytes = maxMessageBytes;
    this.pipeline = pipeline;
    this.budget = budget;
  }

  /** A text, binary or continuation frame that arrived at {@code nowNanos}. */
  void add(WebSocketFrame frame, long nowNanos) {
    if (discarding) {
      return; // the rest of a message over the limit, already rejected and counted
    }
    // Closed by us (replaced, unresponsive, stopping) but still open at the socket: what the peer
    // sent before it saw our close is a real event, read until its close reply ends the socket.
    Buffer data = frame.binaryData();
    int size = (partial == null ? 0 : partial.length()) + data.length();
    if (size > maxMessageBytes) {
      drop();
      discarding = true;
      pipeline.tooLarge(connection, size, maxMessageBytes);
      connection.close(OneBotConnection.CLOSE_TOO_LARGE, "message over " + maxMessageBytes
          + " bytes");
      return;
    }
    if (frame.isFinal() && partial == null) {
      pipeline.handle(connection, data);
      return;
    }
    if (partial == null) {
      partialSinceNanos = nowNanos;
      partial = Buffer.buffer(Math.min(size * 2, maxMessageBytes));
    }
    if (!frame.isFinal() && !hold(data.length())) {
      return;
    }
    partial.appendBuffer(data);
    if (frame.isFinal()) {
      Buffer whole = partial;
      drop();
      pipeline.handle(connection, whole);
    }
  }

  /** Skips whatever else arrives: Netty refused a frame and the connection is closing. */
  void discard() {
    discarding = true;
  }

  /** Bytes of an unfinished fragmented message held now. */
  long heldBytes() {
    return held.get();
  }

  /** Whether an unfinished message has waited longer than {@code limit} at {@code now}. */
  boolean overdue(long now, Duration limit) {
    long since = partialSinceNanos;
    return since != 0 && now - since > limit.toNanos();
  }

  /**
   * The connection closed: what it held goes back to the budget at once (the buffer itself is the
   * event loop's, and is dropped there).
   */
  void release() {
    partialSinceNanos = 0;
    budget.release(held.getAndSet(0));
  }

  /** Reserves {@code bytes} of an unfinished message; closes the connection when a cap refuses. */
  private boolean hold(int bytes) {
    Optional<LimitReason> refused = budget.reserve(held.get(), bytes);
    if (refused.isPresent()) {
      LimitReason reason = refused.get();
      long cap = reason == LimitReason.PENDING_BYTES ? budget.perConnection() : budget.total();
      drop();
      pipeline.limited(connection, reason, cap);
      connection.close(reason == LimitReason.PENDING_BYTES ? OneBotConnection.CLOSE_TOO_LARGE
              : OneBotConnection.CLOSE_TRY_LATER,
          "unfinished message over " + reason.label() + " cap " + cap + " bytes");
      return false;
    }
    held.addAndGet(bytes);
    if (connection.isClosed()) {
      // Closed by another thread meanwhile: its release may have run before this reservation.
      budget.release(held.getAndSet(0));
    }
    return true;
  }

  private void drop() {
    partial = null;
    partialSinceNanos = 0;
    budget.release(held.getAndSet(0));
  }
}
