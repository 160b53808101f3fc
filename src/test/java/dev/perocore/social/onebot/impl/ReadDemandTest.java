package dev.perocore.social.onebot.impl;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.guard.Backpressure;
import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection's read demand over a real loopback WebSocket: pings and pongs do not count
 * against it, so however many a connection has seen, a pause for the store's pressure lets
 * through no more than what is left of the current batch.
 *
 * <p>Vert.x hands a ping or a pong over against the demand and then asks for one more itself.
 * Counting them made every later batch over-ask by one per ping: after 300 pings the socket had
 * 300 frames of demand outstanding, and a pause for pressure read them all.
 */
class ReadDemandTest {

  private static final int PINGS = 300;
  /** Data frames sent while the pressure is on: a batch and ten more. */
  private static final int SENT_PAUSED = ReadDemand.BATCH + 10;

  private GuardedVertx gv;
  private HttpServer server;
  private WebSocketClient client;

  @BeforeEach
  void start() {
    gv = GuardedVertx.fast();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      await(client.close());
    }
    if (server != null) {
      await(server.close());
    }
    gv.close();
  }

  @Test
  void pingsLeaveTheDemandAsItWasSoAPauseForPressureHoldsAfterABatch() {
    AtomicInteger depth = new AtomicInteger();
    Backpressure signal = new Backpressure(10, 5);
    signal.watch(depth::get);
    SocketPause pause = new SocketPause(gv.registry);
    pause.follow(signal);

    AtomicInteger dataFrames = new AtomicInteger();
    AtomicInteger controlFrames = new AtomicInteger();
    AtomicReference<ReadDemand> demandRef = new AtomicReference<>();
    AtomicReference<Context> serverLoop = new AtomicReference<>();
    server = await(gv.vertx.createHttpServer().webSocketHandler(ws -> {
      Promise<Void> closed = Promise.promise();
      ws.closeHandler(v -> closed.tryComplete());
      ReadDemand demand = new ReadDemand(ws, pause, () -> null, closed.future(), () -> { });
      ws.frameHandler(frame -> {
        if (frame.isText()) {
          dataFrames.incrementAndGet();
        } else {
          controlFrames.incrementAndGet();
        }
        demand.frameArrived(frame);
      });
      demand.start(Vertx.currentContext());
      demandRef.set(demand);
      serverLoop.set(Vertx.currentContext());
    }).listen(0, "127.0.0.1"));

    client = gv.vertx.createWebSocketClient();
    WebSocket ws = await(client.connect(server.actualPort(), "127.0.0.1", "/"));
    AtomicInteger pongs = new AtomicInteger();
    ws.pongHandler(data -> pongs.incrementAndGet());

    // Many pings, each answered: Vert.x writes the pong as it reads the ping, before it hands
    // the ping over; the round trip to the server's loop after the last pong sees it handed over.
    for (int i = 0; i < PINGS; i++) {
      ws.writePing(Buffer.buffer("p" + i));
    }
    await(Poll.untilTrue(gv.vertx, "every ping answered", () -> pongs.get() == PINGS));
    assertEquals(PINGS, (int) OnContext.call(serverLoop.get(), controlFrames::get));

    // The store falls behind: a batch more than what is left of the current one is sent, then a
    // ping, whose pong says the server has read everything before it off the socket.
    depth.set(11);
    signal.changed();
    assertTrue(pause.engaged());
    for (int i = 0; i < SENT_PAUSED; i++) {
      ws.writeTextMessage("{\"n\":" + i + "}");
    }
    ws.writePing(Buffer.buffer("after"));
    await(Poll.untilTrue(gv.vertx, "the last ping answered", () -> pongs.get() == PINGS + 1));
    int readPaused = OnContext.call(serverLoop.get(), dataFrames::get);
    assertEquals(ReadDemand.BATCH, readPaused,
        "read while paused: only the batch asked for before the pressure came on");
    assertTrue(demandRef.get().pausedForPressure());

    // The store catches up: the rest is read.
    depth.set(0);
    signal.changed();
    assertFalse(pause.engaged());
    demandRef.get().recheck();
    await(Poll.untilTrue(gv.vertx, "the rest read after the pause",
        () -> dataFrames.get() == SENT_PAUSED));
    await(Poll.untilTrue(gv.vertx, "the last ping handed over",
        () -> controlFrames.get() == PINGS + 1));
    assertFalse(demandRef.get().pausedForPressure());
  }
}
