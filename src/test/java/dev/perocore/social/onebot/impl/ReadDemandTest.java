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
import io.vertx.core.http.ServerWebSocket;
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
 * Counting them made later batches over-ask: by one per pong in production, where the pongs to
 * the gateway's pings arrive one at a time, for the connection's whole life; here, where 300
 * arrive at once, by a batch (128 frames read while paused instead of 64).
 */
class ReadDemandTest {

  private static final int CONTROL_FRAMES = 300;
  /**
   * Data frames sent while the pressure is on: a batch and ten more. The ten wait in Vert.x's
   * inbound queue, which stops reading the socket at 16 frames; past that the closing ping would
   * not be read and its pong would never come.
   */
  private static final int SENT_PAUSED = ReadDemand.BATCH + 10;

  private GuardedVertx gv;
  private HttpServer server;
  private WebSocketClient client;
  private final AtomicInteger depth = new AtomicInteger();
  private final Backpressure signal = new Backpressure(10, 5);
  private SocketPause pause;
  private final AtomicInteger dataFrames = new AtomicInteger();
  private final AtomicInteger controlFrames = new AtomicInteger();
  private final AtomicReference<ServerWebSocket> serverSide = new AtomicReference<>();
  private final AtomicReference<ReadDemand> demand = new AtomicReference<>();
  private final AtomicReference<Context> serverLoop = new AtomicReference<>();
  private WebSocket clientSide;
  private final AtomicInteger pongsToClient = new AtomicInteger();

  @BeforeEach
  void start() {
    gv = GuardedVertx.fast();
    signal.watch(depth::get);
    pause = new SocketPause(gv.registry);
    pause.follow(signal);
    server = await(gv.vertx.createHttpServer().webSocketHandler(ws -> {
      Promise<Void> closed = Promise.promise();
      ws.closeHandler(v -> closed.tryComplete());
      ReadDemand reads = new ReadDemand(ws, pause, () -> null, closed.future(), () -> { });
      ws.frameHandler(frame -> {
        if (frame.isText()) {
          dataFrames.incrementAndGet();
        } else {
          controlFrames.incrementAndGet();
        }
        reads.frameArrived(frame);
      });
      reads.start(Vertx.currentContext());
      serverSide.set(ws);
      demand.set(reads);
      serverLoop.set(Vertx.currentContext());
    }).listen(0, "127.0.0.1"));
    client = gv.vertx.createWebSocketClient();
    clientSide = await(client.connect(server.actualPort(), "127.0.0.1", "/"));
    clientSide.pongHandler(data -> pongsToClient.incrementAndGet());
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
  void pingsFromThePeerLeaveTheDemandAsItWas() {
    // Each answered as Vert.x reads it, before it hands the ping over; the round trip to the
    // server's loop after the last pong sees it handed over.
    for (int i = 0; i < CONTROL_FRAMES; i++) {
      clientSide.writePing(Buffer.buffer("p" + i));
    }
    await(Poll.untilTrue(gv.vertx, "every ping answered",
        () -> pongsToClient.get() == CONTROL_FRAMES));
    assertEquals(CONTROL_FRAMES, (int) OnContext.call(serverLoop.get(), controlFrames::get));

    aPauseForPressureHoldsAfterTheBatch();
  }

  @Test
  void pongsToOurPingsLeaveTheDemandAsItWas() {
    // The production case: the gateway pings, the peer answers.
    OnContext.call(serverLoop.get(), () -> {
      for (int i = 0; i < CONTROL_FRAMES; i++) {
        serverSide.get().writePing(Buffer.buffer("s" + i));
      }
      return null;
    });
    await(Poll.untilTrue(gv.vertx, "every pong handed over",
        () -> controlFrames.get() == CONTROL_FRAMES));

    aPauseForPressureHoldsAfterTheBatch();
  }

  /** From a full batch of credit: pressure on, a batch and ten sent, released, the rest read. */
  private void aPauseForPressureHoldsAfterTheBatch() {
    int pongsBefore = pongsToClient.get();
    // The store falls behind: a batch more than what is left of the current one is sent, then a
    // ping, whose pong says the server has read everything before it off the socket.
    depth.set(11);
    signal.changed();
    assertTrue(pause.engaged());
    for (int i = 0; i < SENT_PAUSED; i++) {
      clientSide.writeTextMessage("{\"n\":" + i + "}");
    }
    clientSide.writePing(Buffer.buffer("after"));
    await(Poll.untilTrue(gv.vertx, "the last ping answered",
        () -> pongsToClient.get() == pongsBefore + 1));
    int readPaused = OnContext.call(serverLoop.get(), dataFrames::get);
    assertEquals(ReadDemand.BATCH, readPaused,
        "read while paused: only the batch asked for before the pressure came on");
    assertTrue(demand.get().pausedForPressure());

    // The store catches up: the rest is read.
    depth.set(0);
    signal.changed();
    assertFalse(pause.engaged());
    demand.get().recheck();
    await(Poll.untilTrue(gv.vertx, "the rest read after the pause",
        () -> dataFrames.get() == SENT_PAUSED));
    await(Poll.untilTrue(gv.vertx, "the last ping handed over",
        () -> controlFrames.get() == CONTROL_FRAMES + 1));
    assertFalse(demand.get().pausedForPressure());
  }
}
