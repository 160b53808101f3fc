package dev.perocore.social.guard;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.perocore.social.testing.GuardedVertx;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link VertxInternals#wholeArray}: either exactly the buffer's bytes or nothing. A received
 * WebSocket frame's buffer is one such array (the gateway parses it and stores it as raw_json
 * without a copy); a buffer with room to spare is not.
 */
class WholeArrayTest {

  private final GuardedVertx gv = GuardedVertx.fast();

  @AfterEach
  void tearDown() {
    gv.close();
  }

  @Test
  void aReceivedFrameIsItsOwnWholeArray() {
    String text = "{\"post_type\":\"message\",\"message\":\"你好 😀\"}";
    Promise<Buffer> received = Promise.promise();
    HttpServer server = gv.vertx.createHttpServer()
        .webSocketHandler(ws -> ws.frameHandler(frame -> received.tryComplete(frame.binaryData())));
    await(server.listen(0, "127.0.0.1"));
    WebSocketClient client = gv.vertx.createWebSocketClient();
    WebSocket ws = await(client.connect(server.actualPort(), "127.0.0.1", "/"));
    await(ws.writeTextMessage(text));
    Buffer frame = await(received.future());
    byte[] whole = VertxInternals.wholeArray(frame);
    assertNotNull(whole, "Vert.x copies a received frame into an array of its own");
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), whole);
    await(ws.close());
    await(client.close());
    await(server.close());
  }

  @Test
  void aBufferWithRoomToSpareIsNot() {
    Buffer roomy = Buffer.buffer(64).appendString("{\"a\":1}");
    assertNull(VertxInternals.wholeArray(roomy));
    // A slice shares its parent's array from an offset: not an array of its own.
    assertNull(VertxInternals.wholeArray(Buffer.buffer("{\"a\":1}{\"b\":2}").slice(7, 14)));
    // Room to spare after a copy: a buffer built from a String, then appended to.
    assertNull(VertxInternals.wholeArray(Buffer.buffer("{\"a\":").appendString("1}")));
  }
}
