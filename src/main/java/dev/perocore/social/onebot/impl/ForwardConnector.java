package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.Backoff;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.ForwardTarget;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one forward WebSocket connection to a OneBot implementation's server: connects, and after
 * every failure or close reconnects with exponential backoff and jitter, forever, until stopped.
 * The first failure of a streak is logged at once, the rest at most once a minute per target.
 * Confined to the gateway's context.
 */
public final class ForwardConnector {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardConnector.class);

  private final Vertx vertx;
  private final WebSocketClient client;
  private final ForwardTarget target;
  private final TaskSet tasks;
  private final Duration connectTimeout;
  private final Backoff backoff;
  private final Function<WebSocket, OneBotConnection> onOpen;
  private final RateLimitedLog limited = new RateLimitedLog(LOG, Duration.ofMinutes(1));
  private boolean stopped;
  /** Failed attempts since the last successful connection; the next delay's exponent. */
  private int failures;
  private long timer = -1;
  private OneBotConnection current;

  public ForwardConnector(Vertx vertx, WebSocketClient client, ForwardTarget target,
      TaskSet tasks, Duration reconnectMin, Duration reconnectMax, Duration connectTimeout,
      Function<WebSocket, OneBotConnection> onOpen) {
    this.vertx = vertx;
    this.client = client;
    this.target = target;
    this.tasks = tasks;
    this.connectTimeout = connectTimeout;
    this.backoff = Backoff.jittered(reconnectMin, reconnectMax);
    this.onOpen = onOpen;
  }

  public void start() {
    connect();
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (current != null) {
      current.close((short) 1001, "gateway stopping");
    }
  }

  /** Failed attempts since the last successful connection. */
  public int failures() {
    return failures;
  }

  private void connect() {
    timer = -1;
    if (stopped) {
      return;
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setAbsoluteURI(target.url().toString())
        .setConnectTimeout(connectTimeout.toMillis());
    target.token().ifPresent(t -> options.addHeader("Authorization", "Bearer " + t));
    tasks.run("onebot.forward.connect", target.safeName(), connectTimeout.plusSeconds(1),
            () -> client.connect(options))
        .onSuccess(this::opened)
        .onFailure(cause -> retry("connect failed: " + cause.getMessage()));
  }

  private void opened(WebSocket ws) {
    if (stopped) {
      ws.close((short) 1001, "gateway stopping")
          .onFailure(cause -> LOG.debug("close on stop not sent: {}", cause.toString()));
      return;
    }
    int failed = failures;
    failures = 0;
    LOG.info("forward OneBot connection to {} open{}", target.safeName(),
        failed == 0 ? "" : " after " + failed + " failed attempt(s)");
    current = onOpen.apply(ws);
    current.closedFuture().onComplete(reason -> {
      current = null;
      retry("closed: " + reason.result());
    });
  }

  private void retry(String why) {
    if (stopped) {
      return;
    }
    long delay = backoff.delayMillis(failures++);
    if (failures == 1) {
      LOG.warn("forward OneBot connection to {} {}; reconnecting in {} ms", target.safeName(), why,
          delay);
    } else {
      limited.warn("forward:" + target.safeName(), "forward OneBot connection to {} still down"
          + " ({} attempts, last: {}); next attempt in {} ms", target.safeName(),
          failures, why, delay);
    }
    timer = vertx.setTimer(delay, id -> connect());
  }
}
