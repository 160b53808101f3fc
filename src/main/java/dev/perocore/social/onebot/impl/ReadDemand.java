package dev.perocore.social.onebot.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import java.util.function.Supplier;

/**
 * How a connection reads: on demand, {@link #BATCH} frames per turn of its event loop, and not at
 * all while the store is behind (the frames wait in the socket until the pressure eases), while
 * the event loops still have the last reads' work queued, while a forward connection's {@link
 * ClaimHold} is full, or once the gateway stopped reading. Everything but the two volatile
 * read-outs runs on the connection's event loop.
 */
final class ReadDemand {

  /**
   * Frames read per turn of the event loop: a burst (NapCat flushing what QQ queued) arrives as
   * thousands of frames in one TCP read; asked for in batches, the loop gets to its timers and
   * other connections between them instead of parsing the whole read in one go.
   */
  static final int BATCH = 64;

  private final WebSocketBase ws;
  private final SocketPause pressure;
  private final Supplier<ClaimHold> claimHold;
  private final Future<?> closed;
  /** Called when reading resumes after a backpressure pause (the ping watchdog starts over). */
  private final Runnable resumed;
  private volatile Context loop; // the context frames arrive on, known from start()
  private volatile boolean pausedForPressure; // written on the event loop
  private volatile long resumedNanos;
  private boolean stopped;
  private int credit; // frames still asked of the socket
  private boolean recheckArmed; // a read put off for the loops' backlog

  ReadDemand(WebSocketBase ws, SocketPause pressure, Supplier<ClaimHold> claimHold,
      Future<?> closed, Runnable resumed) {
    this.ws = ws;
    this.pressure = pressure;
    this.claimHold = claimHold;
    this.closed = closed;
    this.resumed = resumed;
  }

  /** From now on frames are read on demand; on the connection's event loop. */
  void start(Context on) {
    loop = on;
    ws.pause();
    refill();
  }

  /** The connection's event loop, or null before {@link #start}. */
  Context loop() {
    return loop;
  }

  /**
   * A frame arrived: once the batch is read, the next one on a later turn. A ping or a pong is
   * not counted: Vert.x hands it over against the demand and then asks for one more itself
   * ({@code WebSocketImplBase.receiveFrame}), so it leaves the socket's demand where it was.
   * Counted, each one made the next batch ask for a frame more than was left, and the demand
   * left over grew by one per pong for the connection's life: after a day of pings a pause for
   * the store's pressure let thousands of frames through.
   */
  void frameArrived(WebSocketFrame frame) {
    WebSocketFrameType type = frame.type();
    if (type == WebSocketFrameType.PING || type == WebSocketFrameType.PONG) {
      return;
    }
    if (--credit == 0) {
      // The batch is read: the next one on a later turn, after whatever else waits on this loop.
      loop.runOnContext(v -> refill());
    } else if (credit < 0) {
      credit = 0;  // a frame beyond what was asked for (none is expected; kept from going negative)
    }
  }

  /**
   * Something that gates reading changed (the store's pressure, a claim answered): reads it anew
   * on the event loop, so the last call wins whatever order calls arrive in.
   */
  void recheck() {
    Context on = loop;
    if (on != null) {
      on.runOnContext(v -> refill());
    }
  }

  /** No more frames, for good (a backpressure resume must not undo it); on the event loop. */
  void stop() {
    stopped = true;
    ws.pause();
  }

  boolean pausedForPressure() {
    return pausedForPressure;
  }

  long resumedNanos() {
    return resumedNanos;
  }

  /**
   * Asks the socket for the next batch once the last one was handed on — unless the store is
   * behind, the loops are, a claim hold is full or reading stopped.
   */
  private void refill() {
    // Closed by us (replaced, unresponsive) is not stopped: what the peer sent before it saw our
    // close is still read, until the socket itself closes.
    if (stopped) {
      return;
    }
    ClaimHold hold = claimHold.get();
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
      resumed.run();
    }
    if (credit == 0 && pressure.loopsBehind()) {
      // The loops still have the last reads' work queued: read on once they are through it
      // (asked again by a millisecond timer: a task queued now would spin the loop meanwhile).
      if (!recheckArmed) {
        recheckArmed = true;
        loop.owner().setTimer(1, id -> {
          recheckArmed = false;
          if (!closed.isComplete()) { // a closed socket has nothing left to read
            refill();
          }
        });
      }
      return;
    }
    if (credit == 0) {
      credit = BATCH;
      ws.fetch(BATCH);
    }
  }
}
