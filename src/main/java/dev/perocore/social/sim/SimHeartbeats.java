package dev.perocore.social.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import java.time.Duration;
import java.util.List;

/**
 * The bot's heartbeat meta events: one periodic timer for all its event connections, started by
 * the first connection and stopped when the connections are dropped, frozen or closed (a silent
 * bot is what the gateway's watchdog must notice). A zero interval sends none.
 */
final class SimHeartbeats {

  private final Vertx vertx;
  private final SimFrames frames;
  private volatile Duration interval = Duration.ofSeconds(30);
  private long timer = -1;

  SimHeartbeats(Vertx vertx, SimFrames frames) {
    this.vertx = vertx;
    this.frames = frames;
  }

  void interval(Duration interval) {
    this.interval = interval;
  }

  Duration interval() {
    return interval;
  }

  /** Starts heartbeats on {@code eventLinks} (read at every beat), unless off or already on. */
  void start(List<WebSocketBase> eventLinks) {
    if (!interval.isZero() && timer < 0) {
      timer = vertx.setPeriodic(interval.toMillis(), id -> {
        for (WebSocketBase link : eventLinks) {
          if (!link.isClosed()) {
            link.writeTextMessage(frames.heartbeatEvent(interval).encode())
                .onFailure(SimLinks::notDelivered);
          }
        }
      });
    }
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
