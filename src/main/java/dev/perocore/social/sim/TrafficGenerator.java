package dev.perocore.social.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Traffic in bulk: random private and group messages from a population of users and groups at a
 * steady rate, a blast of prepared frames as fast as the connection takes them (the benchmark),
 * and one large message split into frames as large messages travel.
 */
final class TrafficGenerator {

  private final Vertx vertx;
  private final SimFrames frames;
  private final SimLinks links;
  private final Function<JsonObject, Future<Void>> send;
  private volatile int users = 50;
  private volatile int groups = 10;
  private long timer = -1;

  /** {@code send} is the simulator's own send, so generated traffic meets the same faults. */
  TrafficGenerator(Vertx vertx, SimFrames frames, SimLinks links,
      Function<JsonObject, Future<Void>> send) {
    this.vertx = vertx;
    this.frames = frames;
    this.links = links;
    this.send = send;
  }

  void population(int users, int groups) {
    this.users = Math.max(1, users);
    this.groups = Math.max(1, groups);
  }

  void start(double perSecond) {
    stop();
    long period = Math.max(1, (long) (1000 / Math.max(0.001, perSecond)));
    int batch = (int) Math.max(1, Math.round(perSecond * period / 1000.0));
    timer = vertx.setPeriodic(period, id -> {
      for (int i = 0; i < batch; i++) {
        send.apply(randomMessage()).onFailure(SimLinks::notDelivered);
      }
    });
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  JsonObject randomMessage() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long user = 20_000 + random.nextInt(users);
    if (random.nextInt(3) == 0) {
      return frames.privateMessage(user, "hello #" + random.nextInt(1000));
    }
    return frames.groupMessage(30_000 + random.nextInt(groups), user,
        "group chat [" + random.nextInt(1000) + "] & more");
  }

  Future<Void> sendFragmented(String text, int frameChars) {
    WebSocketBase ws = links.eventLinkForOneEvent();
    if (ws == null) {
      return Future.failedFuture(links.noEventLink());
    }
    Future<Void> last = Future.succeededFuture();
    for (int start = 0; start < text.length(); start += frameChars) {
      int end = Math.min(text.length(), start + frameChars);
      String part = text.substring(start, end);
      boolean fin = end == text.length();
      last = ws.writeFrame(start == 0 ? WebSocketFrame.textFrame(part, fin)
          : WebSocketFrame.continuationFrame(Buffer.buffer(part), fin));
    }
    return last;
  }

  Future<Void> blast(int count, IntFunction<String> frameAt) {
    WebSocketBase ws = links.eventLink();
    if (ws == null) {
      return Future.failedFuture("no event connection");
    }
    Promise<Void> done = Promise.promise();
    Blaster blaster = new Blaster(ws, count, frameAt, done);
    // Write on the socket's own event loop: no hop per frame.
    Context context = links.contextOf(ws);
    if (context == null) {
      blaster.pump();
    } else {
      context.runOnContext(v -> blaster.pump());
    }
    return done.future();
  }

  /** Writes while the write queue has room, and resumes from the drain handler when it fills. */
  private static final class Blaster {
    private final WebSocketBase ws;
    private final int count;
    private final IntFunction<String> frameAt;
    private final Promise<Void> done;
    private int next;

    Blaster(WebSocketBase ws, int count, IntFunction<String> frameAt, Promise<Void> done) {
      this.ws = ws;
      this.count = count;
      this.frameAt = frameAt;
      this.done = done;
    }

    void pump() {
      while (next < count) {
        if (ws.isClosed()) {
          done.tryFail("connection closed after " + next + " frames");
          return;
        }
        if (ws.writeQueueFull()) {
          ws.drainHandler(v -> pump());
          return;
        }
        Future<Void> written = ws.writeTextMessage(frameAt.apply(next++));
        if (next == count) {
          written.onComplete(r -> done.tryComplete());
        }
      }
      if (count == 0) {
        done.tryComplete();
      }
    }
  }
}
