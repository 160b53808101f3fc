package dev.perocore.social.onebot.impl;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The events a forward connection delivers before its bot's claim is answered (issue 17, full
 * nodes on a cluster). A forward connection reads before it names its bot, and the claim takes a
 * round trip to the cluster's map (up to {@code cluster.admin_timeout}): what arrives meanwhile is
 * held here, published in order once the claim succeeds, or dropped and counted in {@code
 * social_bot_owner_events_dropped_total{reason}} when it does not (the owning node receives the
 * same events on its own connection) or when the connection closed first (then it is not served,
 * and a claim published events would keep for {@code onebot.forget_bot_after} is given back).
 *
 * <p>Bounded: once {@value #MAX_FRAMES} frames are held the connection asks its socket for no
 * more until the claim is answered (what the socket still delivers of the batch it was asked for
 * is held too), so further frames wait in TCP buffers: backpressure, never loss. Action responses
 * are never held: the pipeline handles them before asking here.
 *
 * <p>Confined to the connection's event loop (the pipeline's calls arrive there; the gateway's
 * answers are moved there).
 */
public final class ClaimHold {

  /** Frames held before the connection stops reading until the claim is answered. */
  public static final int MAX_FRAMES = 256;

  /** Why held events were dropped: the {@code reason} label. */
  public enum DropReason {
    /** Another live full node serves the bot (close 1008). */
    OWNED_ELSEWHERE("owned_elsewhere"),
    /** The claim could not be checked within its deadline (close 1013). */
    NOT_CHECKED("not_checked"),
    /** The bot is not in {@code onebot.allowed_bots} (close 1008). */
    NOT_ALLOWED("not_allowed"),
    /**
     * The connection closed before the claim was answered: not served, its claim given back (the
     * next connection's history catch-up brings the messages back, wherever it is served).
     */
    CLOSED("closed");

    private final String label;

    DropReason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private enum State { HOLDING, PUBLISHING, DROPPING }

  private final Context loop;
  private final OneBotMetrics metrics;
  private List<Buffer> held = new ArrayList<>();
  private volatile State state = State.HOLDING;
  private DropReason dropped;

  /** Made on the connection's event loop, before the connection starts reading. */
  public ClaimHold(OneBotMetrics metrics) {
    this.loop = Vertx.currentContext();
    this.metrics = metrics;
  }

  /** Takes {@code data} if it must not be published now (held, or dropped and counted). */
  boolean intercept(Buffer data) {
    switch (state) {
      case HOLDING -> {
        held.add(data);
        return true;
      }
      case DROPPING -> {
        metrics.ownerEventsDropped(dropped, 1);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** Whether the connection should ask its socket for nothing more until the claim is answered. */
  boolean full() {
    return state == State.HOLDING && held.size() >= MAX_FRAMES;
  }

  /** The claim succeeded: hands every held frame on, in order, then lets reading go on. */
  public void publish(InboundPipeline pipeline, OneBotConnection connection) {
    onLoop(() -> {
      if (state != State.HOLDING) {
        return;
      }
      state = State.PUBLISHING;
      List<Buffer> frames = held;
      held = List.of();
      frames.forEach(data -> pipeline.handle(connection, data));
      connection.pressureChanged(); // a full hold stopped the reads: ask again
    });
  }

  /** The claim was refused or could not be checked: what is held, and all that follows, goes. */
  public void drop(DropReason reason) {
    onLoop(() -> {
      if (state != State.HOLDING) {
        return;
      }
      dropped = reason;
      state = State.DROPPING;
      metrics.ownerEventsDropped(reason, held.size());
      held = List.of();
    });
  }

  private void onLoop(Runnable action) {
    if (loop == null || Vertx.currentContext() == loop) {
      action.run();
    } else {
      loop.runOnContext(v -> action.run());
    }
  }
}
