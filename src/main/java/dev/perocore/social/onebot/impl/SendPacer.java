package dev.perocore.social.onebot.impl;

import dev.perocore.social.onebot.ActionRateLimitedException;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.OneBotConfig;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Outbound pacing of one bot's sends: a token bucket for the bot and one per group, a bounded
 * queue, and one timer (on its {@link PacerClock}) for the next moment something can move. It
 * never blocks a thread: a send that must wait is parked in its lane and released by the timer; a
 * send that cannot be queued, or waits past {@code send_queue_timeout}, fails as rate limited.
 *
 * <p>One lane per group keeps a throttled group from holding back the others; private sends share
 * one lane and only the bot's bucket. Confined to the gateway's context.
 */
public final class SendPacer {

  private static final Set<String> SENDS = Set.of("send_private_msg", "send_group_msg", "send_msg",
      "send_group_forward_msg", "send_private_forward_msg", "send_forward_msg");
  private static final String PRIVATE_LANE = "private";

  private final PacerClock clock;
  private final long selfId;
  private final OneBotConfig config;
  private final TokenBucket botBucket;
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private volatile int queued; // written on the gateway's context, read by status() anywhere
  private long timerId = -1;
  private long timerAt;

  public SendPacer(PacerClock clock, long selfId, OneBotConfig config) {
    this.clock = clock;
    this.selfId = selfId;
    this.config = config;
    this.botBucket = new TokenBucket(config.sendRatePerBot(), clock.nanoTime());
  }

  /** Whether {@code request} is a send that pacing applies to. */
  public static boolean isPaced(ActionRequest request) {
    return SENDS.contains(request.action());
  }

  /**
   * Completes {@code permit} when {@code request} may go out now (maybe at once), or fails it with
   * {@link ActionRateLimitedException}.
   */
  public void submit(ActionRequest request, Promise<Void> permit) {
    long now = clock.nanoTime();
    String laneKey = laneOf(request);
    Lane lane = lanes.computeIfAbsent(laneKey, key -> new Lane(key, now));
    if (lane.waiting.isEmpty() && lane.ready(now)) {
      lane.take(now);
      permit.complete();
      return;
    }
    if (queued >= config.sendQueueMax()) {
      permit.fail(new ActionRateLimitedException(selfId, request.action(),
          "send queue full (" + config.sendQueueMax() + " waiting; onebot.send_queue_max)"));
      return;
    }
    lane.waiting.add(new Waiting(request, permit, now + config.sendQueueTimeout().toNanos()));
    queued++;
    pump();
  }

  /** Sends waiting for budget now. */
  public int queued() {
    return queued;
  }

  /** Fails everything waiting (the gateway is stopping). */
  public void failAll(String why) {
    for (Lane lane : lanes.values()) {
      for (Waiting w; (w = lane.waiting.poll()) != null; ) {
        queued--;
        w.permit.tryFail(new ActionRateLimitedException(selfId, w.request.action(), why));
      }
    }
    if (timerId >= 0) {
      clock.cancelTimer(timerId);
      timerId = -1;
    }
  }

  private void pump() {
    long now = clock.nanoTime();
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Lane lane : lanes.values()) {
        Waiting head = lane.waiting.peek();
        if (head == null) {
          continue;
        }
        if (head.deadline - now <= 0) {
          lane.waiting.poll();
          queued--;
          head.permit.tryFail(new ActionRateLimitedException(selfId, head.request.action(),
              "waited longer than " + config.sendQueueTimeout().toMillis()
                  + " ms for send budget (onebot.send_queue_timeout)"));
          moved = true;
        } else if (lane.ready(now)) {
          lane.waiting.poll();
          queued--;
          lane.take(now);
          head.permit.tryComplete();
          moved = true;
        }
      }
    }
    long next = Long.MAX_VALUE;
    for (Iterator<Lane> it = lanes.values().iterator(); it.hasNext(); ) {
      Lane lane = it.next();
      Waiting head = lane.waiting.peek();
      if (head == null) {
        if (lane.bucket == null || lane.bucket.isFull(now)) {
          it.remove(); // nothing waits and nothing is owed: forget the group
        }
        continue;
      }
      long wait = Math.max(lane.bucket == null ? 0 : lane.bucket.nanosUntilToken(now),
          botBucket.nanosUntilToken(now));
      next = Math.min(next, Math.min(now + wait, head.deadline));
    }
    if (next != Long.MAX_VALUE) {
      schedule(next, now);
    }
  }

  private void schedule(long at, long now) {
    if (timerId >= 0 && timerAt <= at) {
      return; // an earlier wake-up is already set; it will reschedule
    }
    if (timerId >= 0) {
      clock.cancelTimer(timerId);
    }
    timerAt = at;
    long delayMs = Math.max(1, (at - now + 999_999) / 1_000_000);
    timerId = clock.setTimer(delayMs, () -> {
      timerId = -1;
      pump();
    });
  }

  private static String laneOf(ActionRequest request) {
    Object group = request.params().getValue("group_id");
    Object type = request.params().getValue("message_type");
    if (group != null && !"private".equals(type)) {
      return "g" + group;
    }
    return PRIVATE_LANE;
  }

  private final class Lane {
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    final TokenBucket bucket;

    Lane(String key, long now) {
      this.bucket = key.equals(PRIVATE_LANE) ? null
          : new TokenBucket(config.sendRatePerGroup(), now);
    }

    boolean ready(long now) {
      return (bucket == null || bucket.hasToken(now)) && botBucket.hasToken(now);
    }

    void take(long now) {
      if (bucket != null) {
        bucket.take(now);
      }
      botBucket.take(now);
    }
  }

  private record Waiting(ActionRequest request, Promise<Void> permit, long deadline) {}
}
