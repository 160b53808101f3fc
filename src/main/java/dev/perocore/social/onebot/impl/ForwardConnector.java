package dev.perocore.social.onebot.impl;

import dev.perocore.social.guard.Backoff;
import dev.perocore.social.guard.OwnerContext;
import dev.perocore.social.guard.RateLimitedLog;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.ForwardTarget;
import io.vertx.core.Context;
import io.vertx.core.Future;
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
 *
 * <p>A connection refused because another full node of the cluster serves its bot (close 1008,
 * issue 17) is retried every {@code onebot.reconnect_max}, not at the short end of the backoff:
 * the owner keeps the bot as long as it lives, so a fast retry would only load both ends. Such an
 * episode is logged once, when it starts, and once when the bot is served here again.
 *
 * <p>Confined to its own context, {@code home}, on the event loop the gateway gave it: a WebSocket
 * client connects on the loop it is called from, so connecting from the gateway's context put
 * every forward connection on one loop, and four bots' bursts on one thread. Calls from other
 * contexts hop there.
 */
public final class ForwardConnector {

  private static final Logger LOG = LoggerFactory.getLogger(ForwardConnector.class);

  private final Vertx vertx;
  private final Context home;
  private final WebSocketClient client;
  private final ForwardTarget target;
  private final TaskSet tasks;
  private final Duration connectTimeout;
  private final Backoff backoff;
  private final Duration reconnectMax;
  /** Why the current connection was refused (another node owns its bot), else null. */
  private String refusal;
  /** Refusals in a row for ownership (one episode); 0 when none. */
  private int refusals;
  private final Function<WebSocket, OneBotConnection> onOpen;
  private final RateLimitedLog limited = new RateLimitedLog(LOG, Duration.ofMinutes(1));
  /** Set at once by {@link #stop} from any thread, so a connect that lands later is closed. */
  private volatile boolean stopped;
  /** Failed attempts since the last successful connection; the next delay's exponent. */
  private int failures;
  private long timer = -1;
  private OneBotConnection current;

  /**
   * @param home the context this connector and its connections run on (an event-loop context)
   */
  public ForwardConnector(Vertx vertx, Context home, WebSocketClient client, ForwardTarget target,
      TaskSet tasks, Duration reconnectMin, Duration reconnectMax, Duration connectTimeout,
      Function<WebSocket, OneBotConnection> onOpen) {
    this.vertx = vertx;
    this.home = home;
    this.client = client;
    this.target = target;
    this.tasks = tasks;
    this.connectTimeout = connectTimeout;
    this.backoff = Backoff.jittered(reconnectMin, reconnectMax);
    this.reconnectMax = reconnectMax;
    this.onOpen = onOpen;
  }

  public void start() {
    home.runOnContext(v -> connect());
  }

  /**
   * No more connecting, and the open connection (if any) no longer read; it stays open, so its
   * bot's actions still work, until the gateway closes every connection. Completes, on the
   * caller's context, once no frame of it will reach the pipeline; a connection opening after
   * this is closed as it opens. (Closing here instead let the frames the peer sent before it saw
   * the close be read and published while the sessions and the store drained.)
   */
  public Future<Void> stop() {
    stopped = true;
    return OwnerContext.call(home, () -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      return current == null ? Future.succeededFuture() : current.pauseReading();
    });
  }

  /** {@code connection} (if it is this connector's) was refused: another node owns its bot. */
  public void ownedElsewhere(OneBotConnection connection, String reason) {
    // Queued on home before the caller closes the connection, whose close reaches home after it.
    onHome(() -> {
      if (connection == current) {
        refusal = reason;
      }
    });
  }

  /** {@code connection} (if it is this connector's) serves its bot here: any refusal episode ends. */
  public void served(OneBotConnection connection) {
    onHome(() -> {
      if (connection == current && refusals > 0) {
        LOG.info("forward OneBot connection to {}: bot {} served here after {} refusal(s)",
            target.safeName(), connection.botLabel(), refusals);
        refusals = 0;
      }
    });
  }

  private void onHome(Runnable action) {
    if (Vertx.currentContext() == home) {
      action.run();
    } else {
      home.runOnContext(v -> action.run());
    }
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
    if (refusals == 0) {
      LOG.info("forward OneBot connection to {} open{}", target.safeName(),
          failed == 0 ? "" : " after " + failed + " failed attempt(s)");
    } else {
      LOG.debug("forward OneBot connection to {} open again (refused {} time(s) so far)",
          target.safeName(), refusals); // the refusal episode was logged when it began
    }
    OneBotConnection connection = onOpen.apply(ws);
    current = connection;
    // A close completes on the closer's thread (the gateway's watchdog, a replacing connection's
    // loop): back home, behind any ownedElsewhere queued before the close, and so is the retry's
    // timer, whose connect must come from home to land on its loop.
    connection.closedFuture().onComplete(reason -> onHome(() -> {
      if (current != connection) {
        return;
      }
      current = null;
      String refused = refusal;
      refusal = null;
      if (refused != null) {
        retryOwnedElsewhere(refused);
      } else {
        retry("closed: " + reason.result());
      }
    }));
  }

  private void retryOwnedElsewhere(String why) {
    if (stopped) {
      return;
    }
    long delay = Math.max(1, reconnectMax.toMillis());
    if (refusals++ == 0) {
      LOG.warn("forward OneBot connection to {} refused: {} (1008); retrying every {} ms"
          + " (onebot.reconnect_max) until this node may serve it", target.safeName(), why, delay);
    } else {
      LOG.debug("forward OneBot connection to {} refused again ({} in a row): {}",
          target.safeName(), refusals, why);
    }
    timer = vertx.setTimer(delay, id -> connect());
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
